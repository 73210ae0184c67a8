import { useEffect, useRef, useState } from 'react';
import { useFocusStaysInGroup } from '../../components/focus-stays-in-group';
import { useShallow } from 'zustand/react/shallow';
import { useLiveQuery } from '../../api';
import { useClinicSetup } from '../../stores/clinic-setup';
import { appointmentReminders, ReminderList } from '../reminders';
import { SeriesSection } from '../series';
import { useDay } from '../../stores/day';
import { localDateIn } from '@shared/time';
import { STATUS_LABEL } from './AppointmentCard';
import { bookingAction } from '../../stores/booking-bridge';
import { gridRange, gridZone, selectedVisit, useGrid } from './grid-store';
import { earlierThan, MOVABLE, statusChoices, useBookingAction } from './visit-actions';
import { mainNow } from '../../stores/app-status';
import { useTimeFormatter } from '../../stores/clinic-setup';

/** The side panel for the visit selected on the grid: details, reminders and what the desk can do next. */
export function AppointmentPanel() {
  const tf = useTimeFormatter();
  const selectedId = useGrid((s) => s.selectedId);
  const locationId = useGrid((s) => s.locationId);
  const setup = useClinicSetup((s) => s);
  const details = useLiveQuery(selectedVisit, (s) => s.data);
  const { appointment, team } = useLiveQuery(
    gridRange,
    useShallow((s) => {
      const appointment = s.data?.appointments.find((a) => a.id === selectedId) ?? null;
      return {
        appointment,
        // A care-team visit: every provider with the patient, the lead (room holder) first.
        team:
          appointment?.teamId != null
            ? (s.data?.appointments ?? [])
                .filter((x) => x.teamId === appointment.teamId)
                .sort((x, y) => Number(y.id === y.teamId) - Number(x.id === x.teamId))
                .map((x) => `${x.providerId}|${x.roomId ?? ''}`)
                .join(',')
            : '',
      };
    }),
  );
  // A care team's reminders are kept on its lead appointment: the patient hears about the visit once.
  const reminderHolder = appointment?.teamId ?? selectedId;
  const reminders = useLiveQuery(appointmentReminders, (s) =>
    s.data !== null && s.dataInput?.appointmentId === reminderHolder ? s.data : undefined,
  );
  const [busy, setBusy] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');
  const hasReschedule = useBookingAction('openReschedule');
  const hasCancel = useBookingAction('openCancel');
  const hasBookAgain = useBookingAction('bookAgain');
  const hasWaitlist = useBookingAction('addToWaitlist');
  const actions = useRef<HTMLDivElement>(null);
  const keepFocus = useFocusStaysInGroup(actions);

  // The note and reason are read for this visit alone, again whenever it changes.
  useEffect(() => selectedVisit.follow(), []);
  useEffect(() => appointmentReminders.follow(), []);
  const shown = details && details.id === selectedId ? details : null;

  useEffect(() => {
    setCancelling(false);
    setReason('');
    void appointmentReminders.setInput(reminderHolder ? { appointmentId: reminderHolder } : null, { force: true });
  }, [selectedId, reminderHolder, appointment?.version]);

  if (!selectedId || !appointment) return null;
  const a = appointment;
  const members = team ? team.split(',').map((m) => m.split('|') as [string, string]) : [];
  const withNames = (members.length ? members.map(([p]) => p) : [a.providerId]).map(
    (id) => setup?.providers.find((p) => p.id === id)?.name ?? '—',
  );
  const roomId = a.roomId ?? members.find(([, r]) => r !== '')?.[1] ?? null;
  const room = setup?.rooms.find((r) => r.id === roomId);
  const location = setup?.locations.find((l) => l.id === a.locationId);
  // The visit's own location's clock, whichever location the grid shows.
  const zone = location?.zone ?? gridZone(locationId, setup);

  const run = async (fn: () => Promise<unknown>): Promise<void> => {
    setBusy(true);
    try {
      await fn();
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="ap-panel" aria-labelledby="ap-panel-title">
      <header className="ap-panel__head">
        <span className="ap-panel__swatch" style={{ background: a.typeColour }} aria-hidden="true" />
        <div>
          <h2 id="ap-panel-title" className="ap-panel__title">
            {a.patientFamilyName}, {a.patientGivenName}
          </h2>
          <p className="ap-panel__type">{a.typeName}</p>
        </div>
        <button type="button" className="button button--icon ap-panel__close" aria-label="Close details" onClick={() => useGrid.getState().select(null)}>
          ×
        </button>
      </header>
      <dl className="ap-panel__facts">
        <dt>When</dt>
        <dd>
          {tf.longDay(zone, a.startAt)}, {tf.span(zone, a.startAt, a.endAt)}
        </dd>
        <dt>{members.length > 1 ? 'Care team' : 'With'}</dt>
        <dd>{withNames.join(', ')}</dd>
        <dt>Where</dt>
        <dd>
          {location?.name ?? '—'}
          {room ? ` · ${room.name}` : ''}
        </dd>
        <dt>Status</dt>
        <dd>
          <span className={`ap-status ap-status--${a.status}`} data-testid="appointment-status">
            {STATUS_LABEL[a.status]}
          </span>
          {shown?.cancelReason && <span className="ap-panel__reason"> — {shown.cancelReason}</span>}
        </dd>
        {shown?.note && (
          <>
            <dt>Note</dt>
            <dd>{shown.note}</dd>
          </>
        )}
      </dl>
      {a.inSeries && (
        <SeriesSection
          appointmentId={a.id}
          zone={zone}
          statusLabel={STATUS_LABEL}
          onOpenVisit={(v) => {
            useDay.getState().show(localDateIn(zone, v.startAt));
            useGrid.getState().select(v.appointmentId);
          }}
        />
      )}

      <div ref={actions} className="ap-panel__actions" role="group" aria-label="Appointment actions" {...keepFocus}>
        {statusChoices(a, mainNow()).map((x) => (
          <button
            key={x.action}
            type="button"
            className={`button${x.action === 'check-in' || (x.action === 'confirm' && a.status === 'booked') ? ' button--primary' : ''}`}
            disabled={busy}
            onClick={() => void run(() => useGrid.getState().changeStatus(x.action, a.id))}
          >
            {x.label}
          </button>
        ))}
        {MOVABLE.includes(a.status) && (
          <>
            <button
              type="button"
              className="button"
              disabled={busy || !hasReschedule}
              title={hasReschedule ? 'Choose a new time' : 'Drag the card on the grid to move it'}
              onClick={() => bookingAction('openReschedule')?.(a.id)}
            >
              Reschedule
            </button>
            <button
              type="button"
              className="button button--danger"
              disabled={busy}
              onClick={() => {
                const open = bookingAction('openCancel');
                if (open) open(a.id);
                else setCancelling(true);
              }}
            >
              Cancel visit
            </button>
          </>
        )}
        {MOVABLE.includes(a.status) && hasWaitlist && (
          <button type="button" className="button" title="Put the patient on the waitlist for an earlier time" onClick={() => bookingAction('addToWaitlist')?.(earlierThan(a))}>
            Waitlist for earlier
          </button>
        )}
        {hasBookAgain && (
          <button
            type="button"
            className="button"
            title="Same patient, type and provider: choose the new time"
            onClick={() => bookingAction('bookAgain')?.({ patientId: a.patientId, typeId: a.typeId, providerId: a.providerId, locationId: a.locationId })}
          >
            Book again
          </button>
        )}
      </div>
      {cancelling && !hasCancel && (
        <form
          className="ap-cancel"
          onSubmit={(e) => {
            e.preventDefault();
            void run(async () => {
              if (await useGrid.getState().cancel(a.id, reason)) setCancelling(false);
            });
          }}
        >
          <label htmlFor="ap-cancel-reason">Reason for cancelling</label>
          <input id="ap-cancel-reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)} autoFocus required maxLength={500} />
          <div className="ap-cancel__buttons">
            <button type="submit" className="button button--danger" disabled={busy || reason.trim() === ''}>
              Cancel visit
            </button>
            <button type="button" className="button" onClick={() => setCancelling(false)}>
              Keep it
            </button>
          </div>
        </form>
      )}
      {MOVABLE.includes(a.status) && <p className="ap-panel__hint">Tip: drag the card on the grid to another time or provider.</p>}

      <h3 className="ap-panel__subtitle">Reminders</h3>
      <ReminderList reminders={reminders} zone={zone} appointmentStatus={a.status} />
    </section>
  );
}
