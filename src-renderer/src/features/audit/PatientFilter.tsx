import { useId, useState } from 'react';
import { useListChoice } from '../../lib/list-choice';
import type { PatientSearchHit } from '@shared/domain/patients';
import { useLiveQuery } from '../../api';
import { patientSearch } from '../patient-search';
import type { PatientChoice } from './audit-store';
import { useTimeFormatter } from '../../stores/clinic-setup';

/** The audit filter's own patient search (the top bar's results stay where they are). */
const search = patientSearch(8);
const NO_HITS: readonly PatientSearchHit[] = [];

/** Pick one patient by name, phone or date of birth; the choice shows as a chip with "Clear". */
export function PatientFilter({ value, error, onChange }: { value: PatientChoice | null; error?: string | undefined; onChange(p: PatientChoice | null): void }) {
  const tf = useTimeFormatter();
  const id = useId();
  const [text, setText] = useState('');
  const hits = useLiveQuery(search.query, (s) => (s.input ? (s.data?.hits ?? NO_HITS) : NO_HITS));
  const pick = (h: PatientSearchHit | undefined): void => {
    if (!h) return;
    onChange({ id: h.id, name: `${h.givenName} ${h.familyName}` });
    setText('');
    search.clear();
  };
  const { current, expanded, onKeyDown, reset, comboboxProps } = useListChoice(hits.length, (i) => pick(hits[i]), id);
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
    <div className="su-field au-field au-patient">
      <label className="au-field__label" htmlFor={`${id}-q`}>
        Patient
      </label>
      <input
        {...comboboxProps}
        placeholder="Any patient"
        aria-invalid={error ? true : undefined}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          reset();
          void search.type(e.target.value);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') search.clear();
          else onKeyDown(e);
        }}
      />
      {expanded && (
        <ul id={`${id}-list`} role="listbox" aria-label="Patients for the filter" className="au-patient__list">
          {hits.map((h, i) => (
            <li
              key={h.id}
              id={`${id}-opt-${i}`}
              role="option"
              aria-selected={i === current}
              className="au-patient__hit"
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => pick(h)}
            >
              {h.familyName}, {h.givenName} <span className="au-muted">· born {tf.date(h.dateOfBirth)}</span>
            </li>
          ))}
        </ul>
      )}
      {error && <span className="su-field__error">{error}</span>}
    </div>
  );
}
