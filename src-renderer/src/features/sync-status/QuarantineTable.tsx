import { useShallow } from 'zustand/react/shallow';
import { ActionTable } from '../../components/ActionTable';
import { useSyncQuarantined, useSyncWork } from './sync-work-store';

/** Changes pulled from the hub that this desk would not apply, with why; dismissed once someone has looked. */
export function QuarantineTable({ words }: { words: Record<string, string> }) {
  const quarantined = useSyncQuarantined();
  const { busy, dismiss } = useSyncWork(useShallow((s) => ({ busy: s.busy, dismiss: s.dismiss })));
  if (quarantined.length === 0) return null;
  return (
    <ActionTable
      className="sync-attention"
      label="Changes from the hub that were not applied"
      records={quarantined}
      rowKey={(q) => String(q.id)}
      columns={[
        { header: 'Received from the hub', cell: (q) => `${words[q.entityType] ?? q.entityType} · ${q.operation.split('.')[1]?.replace('_', ' ') ?? q.operation}` },
        { header: 'Not applied because', cell: (q) => q.reason },
      ]}
      actionsClassName="sync-attention__actions"
      actions={(q) => (
        <button type="button" className="button" disabled={busy === `quarantine-${q.id}`} onClick={() => void dismiss(q.id)}>
          Dismiss
        </button>
      )}
    />
  );
}
