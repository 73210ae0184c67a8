import type { DuplicateCandidate, DuplicateReason } from '@shared/domain/patients';
import { useTimeFormatter } from '../../stores/clinic-setup';
import { usePatientSearch } from '../patient-search';
import { usePatientDialogs } from './patient-dialogs';

const REASON_TEXT: Record<DuplicateReason, string> = {
  name_and_birth_date: 'same name and date of birth',
  phone_and_birth_date: 'same phone number and date of birth',
};

/** The edited record now looks like other patients: open one of them, go back, or save anyway. */
export function DuplicateList({ candidates, onBack, onSaveAnyway, busy }: { candidates: DuplicateCandidate[]; onBack(): void; onSaveAnyway(): void; busy: boolean }) {
  const tf = useTimeFormatter();
  return (
    <section className="pt-duplicates" aria-label="Possible duplicates">
      <p role="alert" className="pt-problem">
        With these changes the record looks like {candidates.length === 1 ? 'a patient' : `${candidates.length} patients`} already on file. If it is the same
        person, open that record (a manager can merge the two).
      </p>
      <ul className="pt-duplicates__list">
        {candidates.map((c) => (
          <li key={c.id}>
            <span>
              <strong>
                {c.familyName}, {c.givenName}
              </strong>{' '}
              born {tf.date(c.dateOfBirth)} · {c.reasons.map((r) => REASON_TEXT[r]).join('; ')}
            </span>
            <button
              type="button"
              className="button"
              onClick={() => {
                usePatientDialogs.getState().close();
                void usePatientSearch.getState().openPatient(c.id);
              }}
            >
              Open this record
            </button>
          </li>
        ))}
      </ul>
      <div className="pt-actions">
        <button type="button" className="button" onClick={onBack}>
          Back to the form
        </button>
        <button type="button" className="button button--primary" disabled={busy} onClick={onSaveAnyway}>
          Save anyway (a different person)
        </button>
      </div>
    </section>
  );
}
