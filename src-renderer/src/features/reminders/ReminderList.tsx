import type { ReminderDto, ReminderState } from '../../../../src-shared/domain/calendar';

export const REMINDER_STATE_LABEL: Record<ReminderState, string> = {
  scheduled: 'Scheduled',
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Failed',
  skipped: 'Skipped',
  cancelled: 'Cancelled',
};

/** "24 h before", "1 h before", "30 min before" */
export function offsetLabel(offsetMin: number): string {
  if (offsetMin % 1440 === 0) return offsetMin === 1440 ? 'Day before' : `${offsetMin / 1440} days before`;
  if (offsetMin % 60 === 0) return `${offsetMin / 60} h before`;
  return `${offsetMin} min before`;
}

export function formatDateTime(zone: string, t: number): string {
  return new Intl.DateTimeFormat(undefined, { timeZone: zone, weekday: 'short', hour: 'numeric', minute: '2-digit' }).format(t);
}

/** The reminders of one visit, with when each is (was) due and why one failed. */
export function ReminderList({ reminders, zone }: { reminders: ReminderDto[] | undefined; zone: string }) {
  if (!reminders) return <p className="rm-muted">Loading reminders…</p>;
  if (reminders.length === 0) return <p className="rm-muted">No reminders for this visit.</p>;
  return (
    <ul className="rm-list" aria-label="Reminders of this visit">
      {reminders.map((r) => (
        <li key={r.id} className="rm-list__item" data-state={r.state}>
          <span className={`rm-badge rm-badge--${r.state}`}>{REMINDER_STATE_LABEL[r.state]}</span>
          <span className="rm-list__when">
            {offsetLabel(r.offsetMin)} · {r.state === 'sent' && r.sentAt ? `sent ${formatDateTime(zone, r.sentAt)}` : formatDateTime(zone, r.dueAt)}
            {r.channel ? ` · ${r.channel.toUpperCase()}` : ''}
          </span>
          {r.failureReason && <span className="rm-list__reason">{r.failureReason}</span>}
        </li>
      ))}
    </ul>
  );
}
