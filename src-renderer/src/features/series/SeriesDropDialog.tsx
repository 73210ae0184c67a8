import { Dialog } from '../../components/Dialog';
import './series.css';
import { currentSetup, locationById, useTimeFormatter } from '../../stores/clinic-setup';
import { movingCount, SeriesMoveReview } from '../booking';
import { useSeriesDrop, type SeriesDropFlow } from './series-drop';

/** The question after a series card is dropped on the grid (see series-drop). */
export function SeriesDropDialog() {
  const flow = useSeriesDrop((s) => s.flow);
  return flow ? <SeriesDropQuestion flow={flow} /> : null;
}

function SeriesDropQuestion({ flow }: { flow: SeriesDropFlow }) {
  const tf = useTimeFormatter();
  const { thisOnly, following, chooseFor, confirm, close } = useSeriesDrop.getState();
  const { visit, target, review } = flow;
  const zone = locationById(currentSetup(), visit.locationId)?.zone ?? 'UTC';
  const busy = flow.status === 'checking' || flow.status === 'saving';
  const moving = review ? movingCount(review, flow.choices) : 0;
  return (
    <Dialog
      title="Move a visit of a series"
      onClose={close}
      booking
      size={review ? 'wide' : 'normal'}
      focusKey={review ? 'review' : 'ask'}
      description={`${visit.patientGivenName} ${visit.patientFamilyName}: ${tf.shortDateTime(zone, visit.startAt)} → ${tf.shortDateTime(zone, target.startAt)}`}
    >
      {flow.problem && (
        <div className="bk-booking-problem" role="alert" data-code={flow.problem.code}>
          {flow.problem.message}
        </div>
      )}
      {review ? (
        <>
          <SeriesMoveReview review={review} choices={flow.choices} onChoose={chooseFor} />
          <div className="bk-actions">
            <button type="button" className="button" onClick={close}>
              Don’t move
            </button>
            <button type="button" className="button button--primary" disabled={busy || moving === 0} onClick={() => void confirm()} data-autofocus>
              {flow.status === 'saving' ? 'Moving…' : `Move ${moving} ${moving === 1 ? 'visit' : 'visits'}`}
            </button>
          </div>
        </>
      ) : (
        <div className="series-drop__choices" aria-busy={busy}>
          <p className="series-drop__question">This visit is part of a series. Which visits move?</p>
          <button type="button" className="button" disabled={busy} onClick={() => void thisOnly()} data-autofocus>
            This visit only
          </button>
          <button type="button" className="button" disabled={busy} onClick={() => void following()}>
            {flow.status === 'checking' ? 'Checking the visits…' : flow.status === 'saving' ? 'Moving…' : `This and the following (${flow.reach} visits)`}
          </button>
          <button type="button" className="button series-drop__keep" onClick={close}>
            Don’t move
          </button>
        </div>
      )}
    </Dialog>
  );
}
