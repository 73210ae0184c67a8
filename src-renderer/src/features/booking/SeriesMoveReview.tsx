import { useId } from 'react';
import type { EpochMs } from '@shared/domain/ids';
import type { SeriesMoveCheckDto } from '@shared/domain/waitlist';
import { useTimeFormatter } from '../../stores/clinic-setup';
import type { MoveChoices } from './series-change';
import { TakenVisitChoice } from './TakenVisitChoice';

interface Props {
  review: SeriesMoveCheckDto;
  choices: MoveChoices;
  onChoose(appointmentId: string, startAt: EpochMs | null): void;
}

/**
 * The check of "this and the following" before the move: each visit from its
 * time to its new one; a visit that cannot go there says why and offers the
 * nearest free times, or to leave it where it is.
 */
export function SeriesMoveReview({ review, choices, onChoose }: Props) {
  const tf = useTimeFormatter();
  const id = useId();
  const zone = review.zone;
  const taken = review.visits.filter((v) => !v.free).length;
  return (
    <div className="bk-results">
      <h3 className="bk-results__title">
        {taken === 0 ? `All ${review.visits.length} visits can move` : `${taken} of ${review.visits.length} visits cannot move there`}
      </h3>
      <ol className="bk-repeat__list" aria-label="Visits to move">
        {review.visits.map((v) => (
          <li key={v.appointmentId} className={v.free ? 'bk-repeat__free' : 'bk-repeat__taken'}>
            {v.free ? (
              <span>
                {tf.shortDateTime(zone, v.fromStartAt)} <span aria-label="to">→</span> <strong>{tf.shortDateTime(zone, v.startAt)}</strong>
              </span>
            ) : (
              <TakenVisitChoice
                label={`The visit of ${tf.shortDateTime(zone, v.fromStartAt)} cannot move`}
                zone={zone}
                wanted={v.startAt}
                problem={v.problem?.message}
                alternatives={v.alternatives}
                chosen={choices[v.appointmentId] ?? null}
                name={`${id}-${v.appointmentId}`}
                skipLabel={`Leave it on ${tf.shortDateTime(zone, v.fromStartAt)}`}
                onChoose={(startAt) => onChoose(v.appointmentId, startAt)}
              />
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
