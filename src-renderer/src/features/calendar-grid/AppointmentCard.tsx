import { memo, type CSSProperties, type PointerEvent as ReactPointerEvent } from 'react';
import type { AppointmentStatus } from '../../../../src-shared/domain/booking';
import type { ReminderState } from '../../../../src-shared/domain/calendar';
import type { CardModel } from './layout';
import { useTimeFormatter } from '../../stores/clinic-setup';

export const STATUS_LABEL: Record<AppointmentStatus, string> = {
  booked: 'Booked',
  confirmed: 'Confirmed',
  checked_in: 'Checked in',
  completed: 'Completed',
  cancelled: 'Cancelled',
  no_show: 'No-show',
};

/** Short marks on the card; the full word is in the card's accessible name and tooltip. */
const STATUS_MARK: Partial<Record<AppointmentStatus, string>> = {
  confirmed: '✓',
  checked_in: 'In',
  completed: 'Done',
  no_show: 'No-show',
};

const REMINDER_LABEL: Record<ReminderState, string> = {
  scheduled: 'Reminder scheduled',
  sending: 'Reminder sending',
  sent: 'Reminder sent',
  failed: 'Reminder failed',
  skipped: 'Reminder skipped',
  cancelled: 'Reminders cancelled',
};

interface Props {
  card: CardModel;
  zone: string;
  top: number;
  height: number;
  selected: boolean;
  onPointerDown(e: ReactPointerEvent<HTMLButtonElement>, card: CardModel): void;
  onOpen(card: CardModel): void;
}

export const AppointmentCard = memo(function AppointmentCard({ card, zone, top, height, selected, onPointerDown, onOpen }: Props) {
  const tf = useTimeFormatter();
  const a = card.appointment;
  const name = `${a.patientFamilyName}, ${a.patientGivenName}`;
  const time = tf.clock(card.startMin);
  const reminder = `${a.reminderState ? REMINDER_LABEL[a.reminderState] : 'No reminders'}${card.conflict ? ', not on the shared schedule: see Sync' : ''}`;
  const label = `${tf.span(zone, a.startAt, a.endAt)} ${name}, ${a.typeName}, ${STATUS_LABEL[a.status]}, ${reminder}`;
  const width = 100 / card.lanes;
  const style: CSSProperties = {
    top,
    height: Math.max(height - 1, 12),
    left: `calc(${card.lane * width}% + 1px)`,
    width: `calc(${width}% - 3px)`,
    ['--type-colour' as string]: a.typeColour,
  };
  const compact = height < 34;
  const marks = (
    <span className="cg-card__marks">
      {card.conflict && (
        <span className="cg-card__conflict" aria-hidden="true">
          ⚠
        </span>
      )}
      {STATUS_MARK[a.status] && (
        <span className={`cg-card__mark cg-card__mark--${a.status}`} aria-hidden="true">
          {STATUS_MARK[a.status]}
        </span>
      )}
      {a.reminderState && card.lanes === 1 && (
        <span className={`cg-card__reminder cg-card__reminder--${a.reminderState}`} aria-hidden="true">
          {a.reminderState === 'failed' ? '!' : a.reminderState === 'sent' ? '✉' : '◷'}
        </span>
      )}
    </span>
  );
  return (
    <button
      type="button"
      className={`cg-card cg-card--${a.status}${selected ? ' cg-card--selected' : ''}${card.pending ? ' cg-card--pending' : ''}${compact ? ' cg-card--compact' : ''}${card.conflict ? ' cg-card--conflict' : ''}`}
      style={style}
      data-appointment-id={a.id}
      data-status={a.status}
      aria-pressed={selected}
      // The visible text names the card; the rest is said after it (no hidden text: it would add clip layers).
      aria-description={`${compact ? `${a.typeName}, ` : ''}until ${tf.timeAt(zone, a.endAt)}, ${STATUS_LABEL[a.status]}, ${reminder}`}
      title={label}
      onPointerDown={(e) => onPointerDown(e, card)}
      onClick={(e) => {
        e.stopPropagation();
        onOpen(card);
      }}
    >
      <span className="cg-card__line">
        <span className="cg-card__time">{time}</span>
        <span className="cg-card__name">{name}</span>
      </span>
      {!compact && <span className="cg-card__type">{a.typeName}</span>}
      {marks}
    </button>
  );
});
