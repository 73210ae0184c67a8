import { useId } from 'react';
import { Dialog } from '../../components/Dialog';
import { providerById, useClinicSetup } from '../../stores/clinic-setup';
import { useWhyNot, type WhyNotFlow } from './appointment-flows';
import { useBookingFlow } from './booking-flow';
import { typesFor, zoneOf } from './booking-shared';
import { ReasonList } from './ReasonList';
import { useTimeFormatter } from '../../stores/clinic-setup';

/** "Why not": the slot engine's explanation of one time for one provider and type. */
export function WhyNotDialog({ flow }: { flow: WhyNotFlow }) {
  const tf = useTimeFormatter();
  const setup = useClinicSetup((setup) => setup);
  const { close: closeWhyNot, explain: explainTime } = useWhyNot.getState();
  const { openFindNext, startBooking } = useBookingFlow.getState();
  const id = useId();
  const { request } = flow;
  const explanation = flow.status === 'explained' ? flow.explanation : null;
  const zone = explanation?.zone ?? zoneOf(request.locationId);
  const provider = providerById(setup, request.providerId);
  const findNext = (): void => {
    closeWhyNot();
    void openFindNext({
      criteria: {
        providerId: request.providerId,
        ...(request.typeId ? { typeId: request.typeId } : {}),
        ...(explanation ? { locationId: explanation.locationId } : {}),
      },
    });
  };
  return (
    <Dialog title="Why this time is not available" onClose={closeWhyNot} description={`${provider?.name ?? 'Provider'} · ${tf.when(zone, request.start)}`}>
      <div className="bk-field">
        <label htmlFor={`${id}-type`}>For a visit of type</label>
        <select id={`${id}-type`} value={request.typeId} onChange={(e) => void explainTime({ ...request, typeId: e.currentTarget.value })} autoFocus>
          {typesFor(request.providerId).map((t) => (
            <option key={t.id} value={t.id}>
              {t.name} ({t.durationMin} min)
            </option>
          ))}
        </select>
      </div>
      <div className="bk-why-not" aria-live="polite" aria-busy={flow.status === 'explaining'}>
        {flow.status === 'refused' ? (
          <p role="alert">{flow.problem.message}</p>
        ) : explanation === null ? (
          <p className="bk-muted">Checking…</p>
        ) : explanation.bookable ? (
          <p>
            This time is free for this visit.{' '}
            <button
              type="button"
              className="bk-link-button"
              onClick={() => {
                closeWhyNot();
                void startBooking({ providerId: request.providerId, start: request.start, locationId: explanation.locationId });
              }}
            >
              Book this time
            </button>
          </p>
        ) : (
          <ReasonList explanation={explanation} />
        )}
      </div>
      <div className="bk-actions">
        <button type="button" className="button" onClick={closeWhyNot}>
          Close
        </button>
        <button type="button" className="button button--primary bk-actions__main" onClick={findNext}>
          Find the next free time
        </button>
      </div>
    </Dialog>
  );
}
