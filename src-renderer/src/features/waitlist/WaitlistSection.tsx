import { useEffect, useState } from 'react';
import { useLiveQuery } from '../../api';
import { useClinicSetup, useTimeFormatter } from '../../stores/clinic-setup';
import { draftFor } from './WaitlistDialogs';
import { providersWords, wishesWords } from './waitlist-words';
import { useAddToWaitlist, useWaitlistRows, waitlistRows } from './waitlist-store';
import { zoneOfLocation } from './zones';
import type { WaitlistRowDto } from '@shared/domain/waitlist';
import './waitlist.css';

/**
 * The Waitlist (ASAP list): open entries, oldest first, each with the
 * earliest time that fits it now among its providers (the slot engine's
 * answer, refreshed when the schedule changes) and a Book button for that time.
 */
export function WaitlistSection() {
  const rows = useLiveQuery(waitlistRows, (s) => s.data);
  const { busyId, problem, done } = useWaitlistRows();

  useEffect(() => {
    void waitlistRows.setInput({ status: 'open' });
    return waitlistRows.follow();
  }, []);

  const add = () => useAddToWaitlist.getState().open(draftFor(null));

  return (
    <section className="wl-section" aria-labelledby="wl-title">
      <header className="wl-section__head">
        <h1 id="wl-title">Waitlist</h1>
        <p className="wl-muted">Patients who want an earlier or any visit. The earliest time that fits each is checked against the schedule now.</p>
        <button type="button" className="button button--primary" onClick={add}>
          Add to waitlist
        </button>
      </header>
      {done && (
        <p className="wl-notice wl-notice--done" role="status">
          <span aria-hidden="true">✓ </span>
          {done}
        </p>
      )}
      {rows === null ? (
        <p className="wl-muted">Reading the waitlist…</p>
      ) : rows.length === 0 ? (
        <p className="wl-muted">Nobody is waiting. Add a patient who wants to come in sooner.</p>
      ) : (
        <table className="wl-table">
          <thead>
            <tr>
              <th scope="col">Patient</th>
              <th scope="col">Visit</th>
              <th scope="col">With</th>
              <th scope="col">Can come</th>
              <th scope="col">Earliest fitting time</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <Row key={row.id} row={row} busy={busyId === row.id} problem={problem?.id === row.id ? problem.error.message : null} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Row({ row, busy, problem }: { row: WaitlistRowDto; busy: boolean; problem: string | null }) {
  const setup = useClinicSetup((s) => s);
  const tf = useTimeFormatter();
  const [closing, setClosing] = useState(false);
  const type = setup?.appointmentTypes.find((t) => t.id === row.typeId);
  const e = row.earliest;
  const { book, close } = useWaitlistRows.getState();
  return (
    <tr>
      <td>
        <strong>{row.patientName}</strong>
        {row.phone && <div className="wl-muted">{row.phone}</div>}
        {row.note && <div className="wl-note">{row.note}</div>}
      </td>
      <td>{type?.name ?? 'Visit'}</td>
      <td>{providersWords(setup, row)}</td>
      <td>{wishesWords(tf, row)}</td>
      <td>
        {e ? (
          <>
            {tf.dateTime(zoneOfLocation(setup, e.locationId), e.start)}
            <div className="wl-muted">{setup?.providers.find((p) => p.id === e.providerIds[0])?.name}</div>
          </>
        ) : (
          <span className="wl-muted">Nothing free in the next 60 days</span>
        )}
        {problem && (
          <div className="wl-notice__problem" role="alert">
            {problem}
          </div>
        )}
      </td>
      <td className="wl-table__actions">
        {e && (
          <button type="button" className="button button--primary" disabled={busy} onClick={() => void book(row)} aria-label={`Book ${row.patientName} at the earliest time`}>
            Book
          </button>
        )}
        {closing ? (
          <span className="wl-close">
            <button type="button" className="button" disabled={busy} onClick={() => void close(row, 'No longer needed')}>
              No longer needed
            </button>
            <button type="button" className="button" disabled={busy} onClick={() => void close(row, 'Booked another way')}>
              Booked another way
            </button>
          </span>
        ) : (
          <button type="button" className="button" onClick={() => setClosing(true)}>
            Remove…<span className="visually-hidden"> {row.patientName} from the waitlist</span>
          </button>
        )}
      </td>
    </tr>
  );
}
