import type { TimeExplanation } from '@shared/domain/availability';
import { reasonSentence, type ReasonWording } from '@shared/domain/slots';
import { providerById, roomById, useClinicSetup } from '../../stores/clinic-setup';
import { localDateIn } from '@shared/time';
import { useTimeFormatter } from '../../stores/clinic-setup';

/** The slot engine's reasons, one sentence each, in the location's zone. */
export function ReasonList({ explanation }: { explanation: TimeExplanation }) {
  const tf = useTimeFormatter();
  const setup = useClinicSetup((setup) => setup);
  const zone = explanation.zone;
  const day = localDateIn(zone, explanation.start);
  const wording: ReasonWording = {
    providerName: (id) => providerById(setup, id)?.name ?? 'The provider',
    roomName: (id) => roomById(setup, id)?.name ?? 'The room',
    time: (t) => (localDateIn(zone, t) === day ? tf.time(zone, t) : tf.dateTime(zone, t)),
  };
  // One sentence once, even when several appointments give the same reason.
  const sentences = [...new Set(explanation.reasons.map((r) => reasonSentence(r, wording)))];
  return (
    <ul className="bk-reason-list">
      {sentences.map((s) => (
        <li key={s}>{s}</li>
      ))}
    </ul>
  );
}
