import { useEffect, useState } from 'react';
import type { AuditHubCheckDto, AuditHubStatusDto } from '@shared/domain/audit';
import type { AppErrorShape } from '@shared/domain/errors';
import { invoke, liveQuery, useLiveQuery } from '../../api';
import { useAppStatus } from '../../stores/app-status';
import { useTimeFormatter } from '../../stores/clinic-setup';
import { hubCheckText, hubStatusText } from './hub-copy-words';

/** How far the clinic hub holds this desk's trail; re-read whenever the sync status moves. */
const hubStatus = liveQuery('audit/hub-status', { refreshOn: { 'sync/status': true } });

const useClinicZone = (): string => useAppStatus((s) => s.status?.clinic?.zone ?? 'UTC');

/** Reads the hub status and follows it while the calling screen shows it. */
function useAuditHubStatus(): AuditHubStatusDto | null {
  useEffect(() => {
    const stop = hubStatus.follow();
    void hubStatus.setInput({});
    return stop;
  }, []);
  return useLiveQuery(hubStatus, (s) => s.data);
}

/** "Audit trail: stored at the clinic hub up to …" with what waits, and the hub's refusal in plain words. */
export function AuditHubLine() {
  const tf = useTimeFormatter();
  const zone = useClinicZone();
  const status = useAuditHubStatus();
  if (!status) return null;
  const text = hubStatusText(status, (t) => tf.dateTime(zone, t));
  if (text === null) return null;
  return (
    <p className={`au-hub-line${status.problem ? ' au-hub-line--problem' : ''}`} role="status">
      {text}
      {status.problem && <span className="au-hub-line__problem"> {status.problem}</span>}
    </p>
  );
}

type CheckState = { status: 'idle' } | { status: 'working' } | { status: 'done'; result: AuditHubCheckDto } | { status: 'failed'; error: AppErrorShape };

/** The manager's "Check the hub's copy": compares the clinic hub's copy of this desk's trail with the desk's own. */
export function HubCopyCheck() {
  const tf = useTimeFormatter();
  const zone = useClinicZone();
  const [state, setState] = useState<CheckState>({ status: 'idle' });
  // Without a clinic hub there is no copy to check.
  const hubConfigured = useAuditHubStatus()?.hubConfigured === true;
  const run = async (): Promise<void> => {
    setState({ status: 'working' });
    const r = await invoke('audit/check-hub-copy', {});
    setState(r.ok ? { status: 'done', result: r.data } : { status: 'failed', error: r.error });
  };
  const words = state.status === 'done' ? hubCheckText(state.result, (t) => tf.dateTime(zone, t)) : null;
  if (!hubConfigured) return null;
  return (
    <div className="au-hub-check">
      <button type="button" className="button" disabled={state.status === 'working'} onClick={() => void run()}>
        {state.status === 'working' ? 'Comparing with the hub…' : 'Check the hub’s copy'}
      </button>
      <div role="status" className={`au-verify${words ? (words.ok ? ' au-verify--ok' : ' au-verify--broken') : state.status === 'failed' ? ' au-verify--broken' : ''}`}>
        {words?.lines.map((l) => <p key={l}>{l}</p>)}
        {state.status === 'failed' && <p>{state.error.message}</p>}
      </div>
    </div>
  );
}
