import type { PatientId } from '@shared/domain/ids';
import type { PatientSearchHit } from '@shared/domain/patients';
import { PatientSearchList } from '../../components/PatientSearchList';
import { patientSearch, useSearchField, type PatientSearch } from '../patient-search';

/**
 * Finds another registered patient as you type (↑/↓/Enter or a click): the
 * responsible person, a family member, the duplicate to merge. `exclude`
 * leaves out the patient being edited.
 */
export function PatientPicker({ label, exclude, onPick, search }: { label: string; exclude: PatientId; onPick(hit: PatientSearchHit): void; search: PatientSearch }) {
  const field = useSearchField(search);
  const hits = field.hits.filter((h) => h.id !== exclude);
  return (
    <div className="pt-picker">
      <PatientSearchList
        label={label}
        value={field.text}
        onType={field.type}
        hits={hits}
        onPick={(h) => {
          field.done();
          onPick(h);
        }}
        noneText="No other patient matches yet."
        compact
      />
    </div>
  );
}

/** One search per picker kind, each with its own results. */
export const guardianSearch = patientSearch(8);
export const familySearch = patientSearch(8);
export const mergeSearch = patientSearch(8);
