import { useEffect, useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { WaitingRoomDto, WaitingRoomVisitDto } from '@shared/domain/waiting-room';
import type { TimeFormatter } from '@shared/time/format';
import { useLiveQuery } from '../../api';
import { mainNow } from '../../stores/app-status';
import { useClinicSetup, useTimeFormatter } from '../../stores/clinic-setup';
import { usePatientSearch } from '../patient-search';
import { keptWaiting, minutesText as minutes } from './wait-time';
import { useWaitingRoom, waitingRoom, type MoveAlong } from './waiting-room-store';
import './waiting-room.css';

const MIN = 60_000;

/** Main's "now", again every 30 seconds: waits grow on screen without a read. */
function useNow(): number {
  const [now, setNow] = useState(mainNow());
  useEffect(() => {
    const t = setInterval(() => setNow(mainNow()), 30_000);
    return () => clearInterval(t);
  }, []);
  return now;
}

/**
 * Who is waiting at one location today, since when and for whom, and who is
 * with a provider. A wait counts from the later of arrival and the visit's
 * start, so a patient who came early is not flagged for it; over the
 * clinic's threshold the row is highlighted and says so in words.
 */
export function WaitingRoom() {
  const id = useId();
  const locations = useClinicSetup((s) => s?.locations ?? null);
  const locationId = useWaitingRoom((s) => s.locationId);
  const { room, loading } = useLiveQuery(
    waitingRoom,
    useShallow((s) => ({ room: s.data && s.dataInput?.locationId === locationId ? s.data : null, loading: s.status === 'loading' })),
  );
  const now = useNow();
  const tf = useTimeFormatter();

  useEffect(() => waitingRoom.follow(), []);
  useEffect(() => {
    const first = locations?.[0];
    if (locationId === null && first) useWaitingRoom.getState().showLocation(first.id);
    else if (locationId !== null) void waitingRoom.setInput({ locationId });
  }, [locations, locationId]);

  return (
    <section className="wr" aria-labelledby={`${id}-title`} data-state={room ? 'ready' : 'loading'} aria-busy={loading || undefined}>
      <div className="wr__head">
        <h2 id={`${id}-title`} className="wr__title">
          Waiting room
        </h2>
        {locations && locations.length > 1 && (
          <label className="wr__location">
            <span>Location</span>
            <select
              value={locationId ?? ''}
              onChange={(e) => {
                const chosen = locations.find((l) => l.id === e.target.value);
                if (chosen) useWaitingRoom.getState().showLocation(chosen.id);
              }}
            >
              {locations.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {room && (
          <p className="wr__day">
            {tf.longDay(room.zone, now)}
            {tf.nameZones ? ` · times in${tf.zoneTag(room.zone, now)}` : ''} · waits over {room.waitAlertMin} min are highlighted
          </p>
        )}
      </div>
      {room && <RoomLists room={room} now={now} tf={tf} />}
    </section>
  );
}

function RoomLists({ room, now, tf }: { room: WaitingRoomDto; now: number; tf: TimeFormatter }) {
  const id = useId();
  const at = (t: number) => tf.time(room.zone, t);
  return (
    <>
      <section className="wr__group" aria-labelledby={`${id}-waiting`}>
        <h3 id={`${id}-waiting`}>
          Waiting <span className="wr__count">{room.waiting.length}</span>
        </h3>
        {room.waiting.length === 0 ? (
          <p className="wr__empty">Nobody is waiting. Patients appear here when they are checked in.</p>
        ) : (
          <VisitTable visits={room.waiting} kind="waiting" now={now} alertMin={room.waitAlertMin} at={at} />
        )}
      </section>
      <section className="wr__group" aria-labelledby={`${id}-seated`}>
        <h3 id={`${id}-seated`}>
          With the provider <span className="wr__count">{room.seated.length}</span>
        </h3>
        {room.seated.length === 0 ? (
          <p className="wr__empty">Nobody is seated.</p>
        ) : (
          <VisitTable visits={room.seated} kind="seated" now={now} alertMin={room.waitAlertMin} at={at} />
        )}
      </section>
      <p className="wr__done" role="status">
        Done today: {room.doneToday}
      </p>
    </>
  );
}

interface TableProps {
  visits: WaitingRoomVisitDto[];
  kind: 'waiting' | 'seated';
  now: number;
  alertMin: number;
  at(t: number): string;
}

function VisitTable({ visits, kind, now, alertMin, at }: TableProps) {
  const saving = useWaitingRoom((s) => s.saving);
  const move = (action: MoveAlong, v: WaitingRoomVisitDto) => void useWaitingRoom.getState().moveAlong(action, v);
  return (
    <table className="wr-table">
      <thead>
        <tr>
          <th scope="col">{kind === 'waiting' ? 'Arrived' : 'Seated'}</th>
          <th scope="col">Patient</th>
          <th scope="col">Visit</th>
          <th scope="col">With</th>
          <th scope="col">{kind === 'waiting' ? 'Waiting' : 'In for'}</th>
          <th scope="col">
            <span className="visually-hidden">Next step</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {visits.map((v) => {
          const name = `${v.patientFamilyName}, ${v.patientGivenName}`;
          const overdue = kind === 'waiting' && keptWaiting(v, now, alertMin).overdue;
          return (
            <tr key={v.appointmentId} className={overdue ? 'wr-row wr-row--overdue' : 'wr-row'} data-appointment-id={v.appointmentId}>
              <td>{at(kind === 'waiting' ? v.arrivedAt : v.seatedAt!)}</td>
              <td>
                <button type="button" className="wr-patient" onClick={() => void usePatientSearch.getState().openPatient(v.patientId)}>
                  {name}
                </button>
                {v.lateMin > 0 && <span className="wr-badge wr-badge--late">Late {minutes(v.lateMin * MIN)}</span>}
              </td>
              <td>
                {at(v.startAt)} <span className="wr-type">{v.typeName}</span>
                {v.roomName && <span className="wr-room"> · {v.roomName}</span>}
              </td>
              <td>{v.providerNames.join(', ')}</td>
              <td>
                {minutes(now - (kind === 'waiting' ? v.arrivedAt : v.seatedAt!))}
                {overdue && <span className="wr-badge wr-badge--overdue">Over {alertMin} min</span>}
              </td>
              <td className="wr-actions">
                {kind === 'waiting' && (
                  <button
                    type="button"
                    className="button button--primary"
                    disabled={saving !== null}
                    aria-label={`Seated: ${name}`}
                    onClick={() => move('seat', v)}
                  >
                    Seated
                  </button>
                )}
                <button type="button" className="button" disabled={saving !== null} aria-label={`Done: ${name}`} onClick={() => move('complete', v)}>
                  Done
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
