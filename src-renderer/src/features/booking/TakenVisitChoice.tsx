import type { SlotOffer } from '@shared/domain/availability';
import type { EpochMs } from '@shared/domain/ids';
import { useTimeFormatter } from '../../stores/clinic-setup';

interface Props {
  /** The group's accessible name, e.g. "Visit 3 is taken". */
  label: string;
  /** Where the visit would have gone, and why it cannot. */
  zone: string;
  wanted: EpochMs;
  problem: string | undefined;
  /** The nearest free times the core offers, nearest first. */
  alternatives: readonly SlotOffer[];
  /** The chosen time, or null for the way out (skip, or leave the visit where it is). */
  chosen: EpochMs | null;
  /** One radio group per visit. */
  name: string;
  /** The way out's words: "Skip", "Leave it on Tue 10:00 AM". */
  skipLabel: string;
  onChoose(startAt: EpochMs | null): void;
}

/**
 * A visit of a series that cannot go where the rule puts it: why, then the
 * nearest free times to choose from, or the way out. Used when a series is
 * booked and when "this and the following" move.
 */
export function TakenVisitChoice({ label, zone, wanted, problem, alternatives, chosen, name, skipLabel, onChoose }: Props) {
  const tf = useTimeFormatter();
  return (
    <div role="group" aria-label={label}>
      <span className="bk-repeat__when">
        {tf.longDay(zone, wanted)}, {tf.time(zone, wanted)} — taken
      </span>
      <span className="bk-muted"> {problem}</span>
      <div className="bk-repeat__alts">
        {alternatives.map((s) => (
          <label key={s.start}>
            <input type="radio" name={name} checked={chosen === s.start} onChange={() => onChoose(s.start)} /> {tf.weekdayTime(zone, s.start)}
          </label>
        ))}
        <label>
          <input type="radio" name={name} checked={chosen === null} onChange={() => onChoose(null)} /> {skipLabel}
        </label>
      </div>
    </div>
  );
}
