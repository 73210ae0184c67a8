import type { SlotOffer } from '@shared/domain/availability';
import { locationById, providerById, roomById, useClinicSetup } from '../../stores/clinic-setup';
import { zoneOf } from './booking-shared';
import { useTimeFormatter } from '../../stores/clinic-setup';

interface SlotListProps {
  slots: SlotOffer[];
  onChoose(slot: SlotOffer): void;
  /** Shown with an empty list. */
  emptyText: string;
  chosen?: SlotOffer | null;
  label: string;
}

/**
 * Free times grouped by day, in the order they happen (times at locations in other zones
 * interleave by instant, each on its own location's clock and named); each is a button
 * (keyboard: Tab, Enter).
 */
export function SlotList({ slots, onChoose, emptyText, chosen, label }: SlotListProps) {
  const tf = useTimeFormatter();
  const setup = useClinicSetup((setup) => setup);
  if (slots.length === 0) return <p className="bk-slot-list__empty">{emptyText}</p>;
  const manyPlaces = (setup?.locations.length ?? 0) > 1;
  const days: Array<{ day: string; slots: SlotOffer[] }> = [];
  for (const s of [...slots].sort((a, b) => a.start - b.start)) {
    const day = tf.day(zoneOf(s.locationId), s.start);
    const last = days[days.length - 1];
    if (last?.day === day) last.slots.push(s);
    else days.push({ day, slots: [s] });
  }
  return (
    <div className="bk-slot-list" role="group" aria-label={label}>
      {days.map((d) => (
        <div key={d.day} className="slot-list__day" role="group" aria-label={d.day}>
          <h3 className="bk-slot-list__day-title">{d.day}</h3>
          <ul className="bk-slot-list__items">
            {d.slots.map((s) => {
              const who = s.providerIds.map((id) => providerById(setup, id)?.name ?? 'Provider').join(' + ');
              const room = s.roomId ? roomById(setup, s.roomId)?.name : null;
              const place = manyPlaces ? locationById(setup, s.locationId)?.name : null;
              const time = tf.timeAt(zoneOf(s.locationId), s.start);
              const isChosen = chosen?.start === s.start && chosen.providerIds[0] === s.providerIds[0] && chosen.locationId === s.locationId;
              return (
                <li key={`${s.locationId}-${s.start}-${s.providerIds.join()}`}>
                  <button
                    type="button"
                    className="bk-slot"
                    aria-pressed={chosen === undefined ? undefined : isChosen}
                    onClick={() => onChoose(s)}
                  >
                    <span className="bk-slot__time">{time}</span>
                    <span className="bk-slot__who">{who}</span>
                    <span className="bk-slot__where">{[room, place].filter(Boolean).join(' · ')}</span>
                  </button>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </div>
  );
}
