import { useId } from 'react';
import { PatientSearchList } from '../../components/PatientSearchList';
import { patientSearch, useSearchField } from '../patient-search';
import type { PatientChoice } from './audit-store';

/** The audit filter's own patient search (the top bar's results stay where they are). */
const search = patientSearch(8);

/** Pick one patient by name, phone or date of birth; the choice shows as a chip with "Clear". */
export function PatientFilter({ value, error, onChange }: { value: PatientChoice | null; error?: string | undefined; onChange(p: PatientChoice | null): void }) {
  const id = useId();
  const field = useSearchField(search);
  if (value) {
    return (
      <div className="su-field au-field">
        <span className="au-field__label" id={`${id}-l`}>
          Patient
        </span>
        <span className="au-chip" role="group" aria-labelledby={`${id}-l`}>
          <span>{value.name}</span>
          <button type="button" className="au-chip__clear" onClick={() => onChange(null)} aria-label={`Clear patient ${value.name}`}>
            ×
          </button>
        </span>
      </div>
    );
  }
  return (
    <PatientSearchList
      label="Patient"
      listLabel="Patients for the filter"
      placeholder="Any patient"
      fieldClassName="su-field au-field"
      value={field.text}
      onType={field.type}
      hits={field.hits}
      onPick={(h) => {
        onChange({ id: h.id, name: `${h.givenName} ${h.familyName}` });
        field.done();
      }}
      error={error}
      popup={{ onClose: () => search.clear() }}
    />
  );
}
