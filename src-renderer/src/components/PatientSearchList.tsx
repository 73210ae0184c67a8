import { useId } from 'react';
import type { PatientSearchHit } from '@shared/domain/patients';
import { useListChoice } from '../lib/list-choice';
import { useTimeFormatter } from '../stores/clinic-setup';
import './patient-search-list.css';

interface Props {
  /** The search field's label, e.g. "Find the patient". */
  label: string;
  /** What is typed, kept by the caller (its search reads it). */
  value: string;
  onType(text: string): void;
  hits: readonly PatientSearchHit[];
  onPick(hit: PatientSearchHit): void;
  /** Said under the list when two or more characters find nobody. */
  noneText: string;
  /** The field's wrapper class (a dialog's field style). */
  fieldClassName?: string;
  /** Name above the details in a short scrolling list, for a picker inside a form; default one row per patient. */
  compact?: boolean;
  autoFocus?: boolean;
}

/**
 * Finding a registered patient as you type: a combobox over the matching
 * patients (family name, given name, date of birth, phone), ↑/↓ and Enter or a
 * click to pick one. The booking dialog's patient step and the pickers of the
 * patient record (responsible person, family member, duplicate to merge) use it.
 */
export function PatientSearchList({ label, value, onType, hits, onPick, noneText, fieldClassName, compact = false, autoFocus = false }: Props) {
  const id = useId();
  const tf = useTimeFormatter();
  const pick = (i: number): void => {
    const h = hits[i];
    if (h) onPick(h);
  };
  const { current, onKeyDown, reset, comboboxProps } = useListChoice(hits.length, pick, id);
  return (
    <>
      <div className={fieldClassName ?? 'patient-list__field'}>
        <label htmlFor={`${id}-q`}>{label}</label>
        <input
          {...comboboxProps}
          placeholder="Name, phone number or date of birth"
          value={value}
          onChange={(e) => {
            reset();
            onType(e.currentTarget.value);
          }}
          onKeyDown={onKeyDown}
          autoFocus={autoFocus}
          data-autofocus
        />
      </div>
      <ul id={`${id}-list`} role="listbox" aria-label="Matching patients" className={`patient-list${compact ? ' patient-list--compact' : ''}`}>
        {hits.map((h, i) => (
          <li
            key={h.id}
            id={`${id}-opt-${i}`}
            role="option"
            aria-selected={i === current}
            className="patient-list__option"
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => pick(i)}
          >
            <span className="patient-list__name">
              {h.familyName}, {h.givenName}
            </span>
            <span className="patient-list__meta">
              born {tf.date(h.dateOfBirth)}
              {h.phone ? ` · ${h.phone}` : ''}
            </span>
          </li>
        ))}
      </ul>
      {value.trim().length >= 2 && hits.length === 0 && <p className="patient-list__none">{noneText}</p>}
    </>
  );
}
