import type { FormEvent } from 'react';
import { Dialog } from '../../components/Dialog';
import { providerById, typeById, useClinicSetup } from '../../stores/clinic-setup';
import { useReschedule, type RescheduleFlow } from './appointment-flows';
import { ANY, zoneOf } from './booking-shared';
import { CriteriaForm } from './BookingDialog';
import { SlotList } from './SlotList';
import { movingCount } from './series-change';
import { SeriesMoveReview } from './SeriesMoveReview';
import { SeriesScopeChoice } from './SeriesScopeChoice';
import { useTimeFormatter } from '../../stores/clinic-setup';

/** Move a visit: the next free times for the same type from today on, the visit's own provider first; pick one, then move. */
export function RescheduleDialog({ flow }: { flow: RescheduleFlow }) {
  const tf = useTimeFormatter();
  const setup = useClinicSetup((setup) => setup);
  const {
    close: closeReschedule,
    setCriteria: setRescheduleCriteria,
    findTimes: findRescheduleTimes,
    choose: chooseRescheduleSlot,
    confirm: confirmReschedule,
    setScope,
    chooseFor,
    backToTimes,
  } = useReschedule.getState();
  const a = flow.appointment;
  const zone = zoneOf(a.locationId);
  const type = typeById(setup, a.typeId);
  const review = flow.review;
  const moving = review ? movingCount(review, flow.choices) : 0;
  const moveLabel =
    flow.status === 'saving'
      ? 'Moving…'
      : flow.status === 'checking'
        ? 'Checking the visits…'
        : flow.scope === 'following'
          ? review
            ? `Move ${moving} ${moving === 1 ? 'visit' : 'visits'}`
            : 'Check the following visits'
          : 'Move appointment';
  const onSubmit = (e: FormEvent): void => {
    e.preventDefault();
    void findRescheduleTimes();
  };
  return (
    <Dialog
      title="Reschedule appointment"
      onClose={closeReschedule}
      booking
      size="wide"
      description={`${flow.patientName} · ${type?.name ?? 'Visit'} with ${providerById(setup, a.providerId)?.name ?? 'provider'}, now ${tf.when(zone, a.startAt)}`}
    >
      <SeriesScopeChoice appointment={a} series={flow.series} scope={flow.scope} zone={zone} onScope={setScope} />
      {flow.problem && (
        <div className="bk-booking-problem" role="alert" data-code={flow.problem.code}>
          {flow.problem.message}
        </div>
      )}
      {review && <SeriesMoveReview review={review} choices={flow.choices} onChoose={chooseFor} />}
      {!review && (
        <>
          <CriteriaForm
            criteria={flow.criteria}
            onChange={setRescheduleCriteria}
            onSubmit={onSubmit}
            searching={flow.status === 'searching'}
            typeLocked
            locations={setup?.locations ?? []}
          />
          {flow.slots && (
            <div className="bk-results" aria-busy={flow.status === 'searching'}>
              <h3 className="bk-results__title">{flow.slots.length === 0 ? 'No free times' : 'Choose the new time'}</h3>
              {flow.ownCount > 0 || (flow.slots.length > 0 && flow.criteria.providerId === ANY) ? (
                <>
                  <h4 className="bk-results__group">With {providerById(setup, a.providerId)?.name ?? 'the same provider'}</h4>
                  <SlotList
                    slots={flow.slots.slice(0, flow.ownCount)}
                    chosen={flow.chosen}
                    onChoose={chooseRescheduleSlot}
                    label={`Free times with ${providerById(setup, a.providerId)?.name ?? 'the same provider'}`}
                    emptyText="No free times with this provider in these days."
                  />
                  <h4 className="bk-results__group">With another provider</h4>
                  <SlotList
                    slots={flow.slots.slice(flow.ownCount)}
                    chosen={flow.chosen}
                    onChoose={chooseRescheduleSlot}
                    label="Free times with other providers"
                    emptyText="No other provider who does this type is free in these days."
                  />
                </>
              ) : (
                <SlotList
                  slots={flow.slots}
                  chosen={flow.chosen}
                  onChoose={chooseRescheduleSlot}
                  label="Free times"
                  emptyText="Nothing is free for this search. Try later days, another provider or another location above."
                />
              )}
            </div>
          )}
        </>
      )}
      <div className="bk-actions bk-actions--sticky">
        <span className="bk-actions__summary" aria-live="polite">
          {flow.chosen
            ? `New time: ${tf.dateTime(zoneOf(flow.chosen.locationId), flow.chosen.start)}–${tf.timeAt(zoneOf(flow.chosen.locationId), flow.chosen.end)}`
            : 'Choose a new time above.'}
        </span>
        {review ? (
          <button type="button" className="button" onClick={backToTimes}>
            Back to the times
          </button>
        ) : (
          <button type="button" className="button" onClick={closeReschedule}>
            Keep current time
          </button>
        )}
        <button
          type="button"
          className="button button--primary"
          disabled={!flow.chosen || flow.status === 'saving' || flow.status === 'checking' || (review !== null && moving === 0)}
          onClick={() => void confirmReschedule()}
        >
          {moveLabel}
        </button>
      </div>
    </Dialog>
  );
}
