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
  noneText?: string;
  /** The list's name for screen readers. */
  listLabel?: string;
  placeholder?: string;
  /** A problem with what is typed, shown under the field. */
  error?: string | undefined;
  /** The field's wrapper class (a dialog's field style). */
  fieldClassName?: string;
  /** Name above the details in a short scrolling list, for a picker inside a form; default one row per patient. */
  compact?: boolean;
  /**
   * The list drops down over what follows while it has patients, for a filter among other fields;
   * Escape calls `onClose` (the caller's search forgets its hits).
   */
  popup?: { onClose(): void };
  autoFocus?: boolean;
}

/**
 * Finding a registered patient as you type: a combobox over the matching
 * patients (family name, given name, date of birth, phone), ↑/↓ and Enter or a
 * click to pick one. The booking dialog's patient step, the pickers of the
 * patient record (responsible person, family member, duplicate to merge) and
 * the audit screen's patient filter use it.
 */
export function PatientSearchList({
  label,
  value,
  onType,
  hits,
  onPick,
  noneText,
  listLabel = 'Matching patients',
  placeholder = 'Name, phone number or date of birth',
  error,
  fieldClassName,
  compact = false,
  popup,
  autoFocus = false,
}: Props) {
  const id = useId();
  const tf = useTimeFormatter();
  const pick = (i: number): void => {
    const h = hits[i];
    if (h) onPick(h);
  };
  const { current, expanded, onKeyDown, reset, comboboxProps } = useListChoice(hits.length, pick, id);
  const listClass = popup ? 'patient-list patient-list--compact patient-list--popup' : `patient-list${compact ? ' patient-list--compact' : ''}`;
  const list = (
    <ul id={`${id}-list`} role="listbox" aria-label={listLabel} className={listClass}>
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
  );
  return (
    <>
      <div className={`${fieldClassName ?? 'patient-list__field'}${popup ? ' patient-list__anchor' : ''}`}>
        <label className="patient-list__label" htmlFor={`${id}-q`}>
          {label}
        </label>
        <input
          {...comboboxProps}
          placeholder={placeholder}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          value={value}
          onChange={(e) => {
            reset();
            onType(e.currentTarget.value);
          }}
          onKeyDown={(e) => {
            if (popup && e.key === 'Escape') popup.onClose();
            else onKeyDown(e);
          }}
          autoFocus={autoFocus}
          data-autofocus
        />
        {popup && expanded && list}
        {error && (
          <span id={`${id}-error`} className="su-field__error">
            {error}
          </span>
        )}
      </div>
      {!popup && list}
      {noneText && value.trim().length >= 2 && hits.length === 0 && <p className="patient-list__none">{noneText}</p>}
    </>
  );
}
