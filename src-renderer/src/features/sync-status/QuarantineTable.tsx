import { useShallow } from 'zustand/react/shallow';
import { useSyncQuarantined, useSyncWork } from './sync-work-store';

/** Changes pulled from the hub that this desk would not apply, with why; dismissed once someone has looked. */
export function QuarantineTable({ words }: { words: Record<string, string> }) {
  const quarantined = useSyncQuarantined();
  const { busy, dismiss } = useSyncWork(useShallow((s) => ({ busy: s.busy, dismiss: s.dismiss })));
  if (quarantined.length === 0) return null;
  return (
    <table className="sync-attention" aria-label="Changes from the hub that were not applied">
      <thead>
        <tr>
          <th scope="col">Received from the hub</th>
          <th scope="col">Not applied because</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {quarantined.map((q) => (
          <tr key={q.id}>
            <td>
              {words[q.entityType] ?? q.entityType} · {q.operation.split('.')[1]?.replace('_', ' ') ?? q.operation}
            </td>
            <td>{q.reason}</td>
            <td className="sync-attention__actions">
              <button type="button" className="button" disabled={busy === `quarantine-${q.id}`} onClick={() => void dismiss(q.id)}>
                Dismiss
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
