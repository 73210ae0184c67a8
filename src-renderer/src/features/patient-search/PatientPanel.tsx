import { useLayoutEffect, useRef, type ReactNode } from 'react';
import { RELEASED_STATUSES, type AppointmentStatus } from '@shared/domain/booking';
import type { PatientId } from '@shared/domain/ids';
import type { PatientPanel as PatientPanelDto, PatientVisit } from '@shared/domain/patients';
import { useLiveQuery } from '../../api';
import { bookingAction } from '../../stores/booking-bridge';
import { patientPanel, usePatientSearch } from './patient-search-store';
import { SEARCH_INPUT_ID } from './PatientSearchBox';
import { useTimeFormatter } from '../../stores/clinic-setup';

const STATUS_TEXT: Record<AppointmentStatus, string> = {
  booked: 'Booked',
  confirmed: 'Confirmed',
  checked_in: 'Checked in',
  completed: 'Completed',
  cancelled: 'Cancelled',
  no_show: 'No-show',
};

/** Extra sections the shell adds to a patient's panel (e.g. the access history for managers). */
export type PanelExtras = (patientId: PatientId) => ReactNode;
/** The record's own section under the name (alert, address, family, edit…), plugged in by the shell. */
export type PanelRecord = (panel: PatientPanelDto) => ReactNode;

/** The side slot: the open patient's panel, otherwise whatever else goes there (`fallback`). */
export function PatientSide({ fallback, extras, record }: { fallback?: ReactNode; extras?: PanelExtras | undefined; record?: PanelRecord | undefined }) {
  const patientId = usePatientSearch((s) => s.patientId);
  return patientId ? <PatientPanel extras={extras} record={record} /> : <>{fallback ?? <p className="shell__side-empty">Select an appointment or a patient to see the details here.</p>}</>;
}

/** The patient, with upcoming and past visits; book, reschedule or cancel from here. */
function PatientPanel({ extras, record }: { extras?: PanelExtras | undefined; record?: PanelRecord | undefined }) {
  const tf = useTimeFormatter();
  const patientId = usePatientSearch((s) => s.patientId);
  const panel = useLiveQuery(patientPanel, (s) => (s.dataInput?.id === patientId ? s.data : null));
  const loading = useLiveQuery(patientPanel, (s) => s.status === 'loading');
  const closePanel = usePatientSearch((s) => s.closePanel);
  const section = useRef<HTMLElement>(null);
  const shown = panel !== null;
  // Put away (Esc, ×) while the desk works in it: focus goes back to the search it was found with, not to the page.
  useLayoutEffect(() => {
    const node = section.current;
    return () => {
      if (node?.contains(document.activeElement)) document.getElementById(SEARCH_INPUT_ID)?.focus();
    };
  }, [shown]);
  if (!panel) return <p className="patient-panel__empty" role="status">{loading ? 'Opening the patient record…' : ''}</p>;
  const p = panel.patient;
  const name = `${p.givenName} ${p.familyName}`;
  return (
    <section ref={section} className="patient-panel" aria-labelledby="patient-panel-name">
      <div className="patient-panel__head">
        <div>
          <h2 id="patient-panel-name" className="patient-panel__name">
            {name}
          </h2>
          <dl className="patient-panel__facts">
            <dt>Born</dt>
            <dd>{tf.date(p.dateOfBirth)}</dd>
            {p.phone && (
              <>
                <dt>Phone</dt>
                <dd>{p.phone}</dd>
              </>
            )}
            {p.email && (
              <>
                <dt>E-mail</dt>
                <dd>{p.email}</dd>
              </>
            )}
          </dl>
        </div>
        <button type="button" className="button button--icon" onClick={closePanel} aria-label="Close patient" title="Close patient">
          ×
        </button>
      </div>
      {p.alert && (
        <p className="patient-panel__alert" role="note" aria-label="Patient alert">
          <span aria-hidden="true">⚑</span> {p.alert}
        </p>
      )}
      <button
        type="button"
        className="button button--primary"
        onClick={() => bookingAction('findNextFor')?.({ id: p.id, name, dateOfBirth: p.dateOfBirth })}
      >
        Book for {p.givenName}
      </button>{' '}
      <button type="button" className="button" onClick={() => bookingAction('addToWaitlist')?.({ patient: { id: p.id, name } })}>
        Add to waitlist
      </button>
      {record?.(panel)}
      <VisitSection title="Upcoming visits" visits={panel.upcoming} empty="No upcoming visits." actions />
      <VisitSection title="Past visits" visits={panel.past} empty="No past visits." />
      {extras?.(p.id)}
    </section>
  );
}

function VisitSection({ title, visits, empty, actions = false }: { title: string; visits: PatientVisit[]; empty: string; actions?: boolean }) {
  const id = `visits-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <section className="patient-panel__section" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {visits.length === 0 ? (
        <p className="patient-panel__empty">{empty}</p>
      ) : (
        <ul className="visit-list">
          {visits.map((v) => (
            <Visit key={v.appointmentId} visit={v} actions={actions} />
          ))}
        </ul>
      )}
    </section>
  );
}

function Visit({ visit: v, actions }: { visit: PatientVisit; actions: boolean }) {
  const tf = useTimeFormatter();
  const released = RELEASED_STATUSES.includes(v.status);
  const when = `${tf.dateTime(v.locationZone, v.startAt)}–${tf.time(v.locationZone, v.endAt)}${tf.zoneTag(v.locationZone, v.startAt)}`;
  return (
    <li className={`visit${released ? ' visit--released' : ''}`} data-appointment-id={v.appointmentId}>
      <div>
        <span className="visit__when">{when}</span>
        <span className="visit__status">{STATUS_TEXT[v.status]}</span>
      </div>
      <div className="visit__what">
        {v.typeName} · {v.providerName}
        {v.roomName ? ` · ${v.roomName}` : ''} · {v.locationName}
      </div>
      {actions && !released && v.status !== 'completed' && (
        <div className="visit__actions">
          <button type="button" className="button" onClick={() => bookingAction('openReschedule')?.(v.appointmentId)} aria-label={`Reschedule ${v.typeName} on ${when}`}>
            Reschedule
          </button>
          <button type="button" className="button" onClick={() => bookingAction('openCancel')?.(v.appointmentId)} aria-label={`Cancel ${v.typeName} on ${when}`}>
            Cancel
          </button>
        </div>
      )}
    </li>
  );
}
