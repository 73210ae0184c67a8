import { useEffect, useState } from 'react';
import type { SyncUndoneDto } from '@shared/domain/sync';
import { invoke, liveQuery, useLiveQuery } from '../../api';
import { useAppStatus } from '../../stores/app-status';
import { useTimeFormatter } from '../../stores/clinic-setup';
import { notifyError } from '../../stores/notices';
import { useMay } from '../desk-lock';

/**
 * Staff and set-up changes the clinic hub did not take, which this desk has
 * undone (it shows the clinic's version again): what and why in plain words,
 * dismissed once read, and a staff change another desk overtook made again by
 * a manager. Set-up › Staff shows the staff ones; the Sync section all.
 */
const undone = liveQuery('sync/list-undone', {
  refreshOn: { 'sync/status': true, 'staff/changed': true, 'clinic/changed': true },
  onError: notifyError,
});
const NONE: SyncUndoneDto[] = [];

export function UndoneChanges({ only }: { only?: 'staff' }) {
  const all = useLiveQuery(undone, (s) => s.data ?? NONE);
  const mayReapply = useMay('staff.manage');
  const tf = useTimeFormatter();
  const zone = useAppStatus((a) => a.status?.clinic?.zone) ?? 'UTC';
  const [busy, setBusy] = useState<number | null>(null);
  useEffect(() => {
    const stop = undone.follow();
    void undone.setInput({});
    return stop;
  }, []);
  const rows = only ? all.filter((u) => u.entityType === only) : all;
  if (rows.length === 0) return null;

  const settle = async (channel: 'sync/dismiss-undone' | 'sync/reapply-undone', id: number): Promise<void> => {
    setBusy(id);
    const r = await invoke(channel, { id });
    setBusy(null);
    if (!r.ok) notifyError(r.error);
    await undone.reload();
  };

  return (
    <section className="sync-undone" aria-labelledby="sync-undone-title">
      <h3 id="sync-undone-title">Undone because the clinic hub did not take them</h3>
      <ul>
        {rows.map((u) => (
          <li key={u.id}>
            <p>{u.message}</p>
            <p className="sync-undone__when">Undone {tf.dateTime(zone, u.undoneAt)}</p>
            <div className="sync-attention__actions">
              {u.canReapply && mayReapply && (
                <button type="button" className="button" disabled={busy === u.id} onClick={() => void settle('sync/reapply-undone', u.id)}>
                  Make my change again
                </button>
              )}
              <button type="button" className="button" disabled={busy === u.id} onClick={() => void settle('sync/dismiss-undone', u.id)}>
                Dismiss
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
