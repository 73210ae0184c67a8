import { useEffect, useState } from 'react';
import { createPortal, flushSync } from 'react-dom';
import { zoneAbbreviation } from '@shared/time';
import { invoke } from '../../api';
import { mainNow, useAppStatus } from '../../stores/app-status';
import { currentSetup, useTimeFormatter } from '../../stores/clinic-setup';
import { useDay } from '../../stores/day';
import { notifyError } from '../../stores/notices';
import { STATUS_LABEL } from './AppointmentCard';
import { buildDaySheet, type SheetLocation } from './day-sheet';
import { gridRange, useGrid } from './grid-store';
import './print-day.css';

interface Printing {
  date: string;
  sheet: SheetLocation[];
  printedAt: number;
}

/**
 * "Print day": the day shown, at the location and with the providers on
 * screen, as a paper day sheet (whole pages through the print stylesheet, not
 * a picture of the screen). The sheet is rendered only for printing — from
 * this button, or the browser's own print (Ctrl+P) — and the print is audited.
 */
export function PrintDayButton() {
  const [printing, setPrinting] = useState<Printing | null>(null);

  useEffect(() => {
    // Ctrl+P (or the window menu) prints the day sheet too, never the screen.
    const before = (): void => {
      const next = sheetNow();
      if (next) flushSync(() => setPrinting(next));
    };
    const after = (): void => setPrinting(null);
    window.addEventListener('beforeprint', before);
    window.addEventListener('afterprint', after);
    return () => {
      window.removeEventListener('beforeprint', before);
      window.removeEventListener('afterprint', after);
    };
  }, []);

  const print = (): void => {
    const next = sheetNow();
    if (!next) return;
    flushSync(() => setPrinting(next));
    void invoke('calendar/record-print', {
      date: next.date,
      locationId: useGrid.getState().locationId,
      providers: next.sheet.reduce((n, l) => n + l.providers.length, 0),
      visits: next.sheet.reduce((n, l) => n + l.providers.reduce((m, p) => m + p.visits.length, 0), 0),
    }).then((r) => {
      if (!r.ok) notifyError(r.error);
    });
    window.print();
  };

  return (
    <>
      <button type="button" className="button" onClick={print} title="Print the day sheet of the day, location and providers shown">
        Print day
      </button>
      {printing && createPortal(<DaySheet printing={printing} />, document.body)}
    </>
  );
}

function sheetNow(): Printing | null {
  const setup = currentSetup();
  const date = useDay.getState().day;
  if (!setup || !date) return null;
  const { locationId, hiddenProviderIds } = useGrid.getState();
  return { date, printedAt: mainNow(), sheet: buildDaySheet(setup, gridRange.getState().data, { date, locationId, hiddenProviderIds }) };
}

function DaySheet({ printing }: { printing: Printing }) {
  const tf = useTimeFormatter();
  const clinic = useAppStatus((s) => s.status?.clinic);
  const { date, sheet } = printing;
  const zone = clinic?.zone ?? sheet[0]?.zone ?? 'UTC';
  return (
    <div className="print-sheet" data-testid="print-sheet">
      <header className="print-sheet__head">
        <h1>
          {clinic?.name ?? 'Clinic'} — day sheet, {tf.longDate(date)}
        </h1>
        <p>
          Printed {tf.dateTime(zone, printing.printedAt)}. Private: patient information.
        </p>
      </header>
      {sheet.length === 0 && <p>Nobody works and nothing is booked on this day.</p>}
      {sheet.map((l) => (
        <section key={l.locationId} className="print-sheet__location">
          <h2>
            {l.name} <span className="print-sheet__zone">(times in {zoneAbbreviation(l.zone, printing.printedAt)})</span>
          </h2>
          {l.providers.map((p) => (
            <table key={p.providerId} className="print-sheet__provider">
              <caption>
                <strong>{p.name}</strong>
                {p.open ? ` · ${tf.time(l.zone, p.open.startAt)}–${tf.time(l.zone, p.open.endAt)}` : ' · not working'}
                {` · ${p.visits.length} visit${p.visits.length === 1 ? '' : 's'}`}
                {p.cancelled > 0 ? ` · ${p.cancelled} cancelled` : ''}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Patient</th>
                  <th scope="col">Type</th>
                  <th scope="col">Room</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {p.visits.length === 0 && (
                  <tr>
                    <td colSpan={5}>No visits.</td>
                  </tr>
                )}
                {p.visits.map((a) => (
                  <tr key={a.id}>
                    <td className="print-sheet__time">
                      {tf.time(l.zone, a.startAt)}–{tf.time(l.zone, a.endAt)}
                    </td>
                    <td>
                      {a.patientFamilyName}, {a.patientGivenName}
                    </td>
                    <td>{a.typeName}</td>
                    <td>{currentSetup()?.rooms.find((r) => r.id === a.roomId)?.name ?? ''}</td>
                    <td>{STATUS_LABEL[a.status]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
        </section>
      ))}
    </div>
  );
}
