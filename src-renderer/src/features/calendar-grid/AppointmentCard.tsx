import { memo, type CSSProperties, type PointerEvent as ReactPointerEvent } from 'react';
import type { AppointmentStatus } from '@shared/domain/booking';
import type { ReminderState } from '@shared/domain/calendar';
import type { CardModel } from './layout';
import type { TimeFormatter } from '@shared/time';

export const STATUS_LABEL: Record<AppointmentStatus, string> = {
  booked: 'Booked',
  confirmed: 'Confirmed',
  checked_in: 'Checked in',
  completed: 'Completed',
  cancelled: 'Cancelled',
  no_show: 'No-show',
};

/**
 * Status marks in the card's icon strip (the line under the name), beside the
 * coloured status edge on the card's right side. The full word is in the card's
 * accessible name and tooltip.
 */
const STATUS_MARK: Partial<Record<AppointmentStatus, string>> = {
  confirmed: '✓',
  checked_in: 'In',
  completed: 'Done',
  no_show: 'No-show',
  cancelled: 'Cancelled',
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
  /** The clinic's time format, handed down by the grid: a day has over a thousand cards, each subscribing to the set-up would cost. */
  tf: TimeFormatter;
  top: number;
  height: number;
  /** Pixels per minute: the preparation and clean-up bands around the card. */
  ppm: number;
  /** The card's colour: its type's or its provider's (the desk's choice). */
  colour: string;
  selected: boolean;
  onPointerDown(e: ReactPointerEvent<HTMLButtonElement>, card: CardModel): void;
  onOpen(card: CardModel): void;
}

/** Below this height a card has one line: the name, then the time. */
const ONE_LINE_PX = 34;

export const AppointmentCard = memo(function AppointmentCard({ card, zone, tf, top, height, ppm, colour, selected, onPointerDown, onOpen }: Props) {
  const a = card.appointment;
  const time = tf.clock(card.startMin);
  const before = card.startMin - card.busyStartMin;
  const after = card.busyEndMin - card.endMin;
  const buffers = [before > 0 ? `${before} min preparation before` : '', after > 0 ? `${after} min clean-up after` : ''].filter(Boolean).join(', ');
  const reminder = `${a.reminderState ? REMINDER_LABEL[a.reminderState] : 'No reminders'}${card.conflict ? ', not on the shared schedule: see Sync' : ''}${a.patientAlert ? ', patient alert: see the patient’s panel' : ''}${a.inSeries ? ', one visit of a recurring series' : ''}`;
  const label = `${tf.span(zone, a.startAt, a.endAt)} ${a.patientFamilyName}, ${a.patientGivenName}, ${a.typeName}, ${STATUS_LABEL[a.status]}, ${reminder}${buffers ? `, ${buffers}` : ''}`;
  // Lanes share the column's width less the strip kept for collapsed cancelled visits (--cg-marker-lane).
  const share = `(100% - var(--cg-marker-lane, 0px)) / ${card.lanes}`;
  const left = `calc(${share} * ${card.lane} + 1px)`;
  const laneWidth = `calc(${share} - 3px)`;
  const style: CSSProperties = {
    top,
    height: Math.max(height - 1, 12),
    left,
    width: laneWidth,
    ['--card-colour' as string]: colour,
  };
  const compact = height < ONE_LINE_PX;
  const mark = STATUS_MARK[a.status];
  // The alert's text stays in the patient's panel: the card only says there is one.
  const alertMark = a.patientAlert ? (
    <span className="cg-card__alert" data-patient-alert aria-hidden="true">
      ⚑
    </span>
  ) : null;
  // A visit of a recurring series: a small repeat mark beside the other marks, never over the name.
  const seriesMark = a.inSeries ? (
    <span className="cg-card__series" data-series-mark aria-hidden="true">
      ↻
    </span>
  ) : null;
  const icons = (
    <span className="cg-card__icons" aria-hidden="true">
      {card.conflict && <span className="cg-card__conflict">⚠</span>}
      {alertMark}
      {seriesMark}
      {mark && <span className={`cg-card__mark cg-card__mark--${a.status}`}>{mark}</span>}
      {a.reminderState && (
        <span className={`cg-card__reminder cg-card__reminder--${a.reminderState}`}>
          {a.reminderState === 'failed' ? '!' : a.reminderState === 'sent' ? '✉' : '◷'}
        </span>
      )}
    </span>
  );
  const band = (key: string, from: number, minutes: number) => (
    <span
      key={key}
      className={`cg-buffer cg-buffer--${key}`}
      style={{ top: top + (from - card.startMin) * ppm, height: minutes * ppm, left, width: laneWidth, ['--card-colour' as string]: colour }}
      aria-hidden="true"
    />
  );
  return (
    <>
      {before > 0 && band('before', card.busyStartMin, before)}
      {after > 0 && band('after', card.endMin, after)}
      <button
        type="button"
        className={`cg-card cg-card--${a.status}${selected ? ' cg-card--selected' : ''}${card.pending ? ' cg-card--pending' : ''}${compact ? ' cg-card--compact' : ''}${card.conflict ? ' cg-card--conflict' : ''}`}
        style={style}
        data-appointment-id={a.id}
        data-status={a.status}
        data-minutes={card.endMin - card.startMin}
        data-lanes={card.lanes}
        aria-pressed={selected}
        // The visible text names the card; the rest is said after it (no hidden text: it would add clip layers).
        aria-description={`${tf.time(zone, a.startAt)} until ${tf.timeAt(zone, a.endAt)}, ${a.typeName}, ${STATUS_LABEL[a.status]}, ${reminder}${buffers ? `, ${buffers}` : ''}`}
        title={label}
        onPointerDown={(e) => onPointerDown(e, card)}
        onClick={(e) => {
          e.stopPropagation();
          onOpen(card);
        }}
      >
        {/* The family name comes first and is never covered: marks live in the strip below it. */}
        <span className="cg-card__name">
          <span className="cg-card__family">{a.patientFamilyName}</span>
          <span className="cg-card__given">, {a.patientGivenName}</span>
        </span>
        {compact ? (
          <span className="cg-card__time cg-card__time--end">
            {alertMark}
            {seriesMark}
            {time}
          </span>
        ) : (
          <span className="cg-card__meta">
            {icons}
            <span className="cg-card__time">{time}</span>
            <span className="cg-card__type">{a.typeName}</span>
          </span>
        )}
      </button>
    </>
  );
});
