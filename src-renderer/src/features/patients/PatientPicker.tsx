import { useId, useState } from 'react';
import type { PatientId } from '@shared/domain/ids';
import type { PatientSearchHit } from '@shared/domain/patients';
import { useTimeFormatter } from '../../stores/clinic-setup';
import { useLiveQuery } from '../../api';
import { useListChoice } from '../../lib/list-choice';
import { patientSearch, type PatientSearch } from '../patient-search';

const NO_HITS: PatientSearchHit[] = [];

/**
 * Finds another registered patient as you type (↑/↓/Enter or a click): the
 * responsible person, a family member, the duplicate to merge. `exclude`
 * leaves out the patient being edited.
 */
export function PatientPicker({ label, exclude, onPick, search }: { label: string; exclude: PatientId; onPick(hit: PatientSearchHit): void; search: PatientSearch }) {
  const id = useId();
  const tf = useTimeFormatter();
  const [text, setText] = useState('');
  const all = useLiveQuery(search.query, (s) => s.data?.hits ?? NO_HITS);
  const hits = all.filter((h) => h.id !== exclude);
  const pick = (i: number): void => {
    const h = hits[i];
    if (!h) return;
    setText('');
    search.clear();
    onPick(h);
  };
  const { current, onKeyDown, reset, comboboxProps } = useListChoice(hits.length, pick, id);
  return (
    <div className="pt-picker">
      <label htmlFor={`${id}-q`}>{label}</label>
      <input
        {...comboboxProps}
        placeholder="Name, phone number or date of birth"
        value={text}
        onChange={(e) => {
          reset();
          setText(e.currentTarget.value);
          void search.type(e.currentTarget.value);
        }}
        onKeyDown={onKeyDown}
        data-autofocus
      />
      <ul id={`${id}-list`} role="listbox" aria-label="Matching patients" className="pt-picker__list">
        {hits.map((h, i) => (
          <li
            key={h.id}
            id={`${id}-opt-${i}`}
            role="option"
            aria-selected={i === current}
            className="pt-picker__option"
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => pick(i)}
          >
            <span className="pt-picker__name">
              {h.familyName}, {h.givenName}
            </span>
            <span className="pt-picker__meta">
              born {tf.date(h.dateOfBirth)}
              {h.phone ? ` · ${h.phone}` : ''}
            </span>
          </li>
        ))}
      </ul>
      {text.trim().length >= 2 && hits.length === 0 && <p className="pt-muted">No other patient matches yet.</p>}
    </div>
  );
}

/** One search per picker kind, each with its own results. */
export const guardianSearch = patientSearch(8);
export const familySearch = patientSearch(8);
export const mergeSearch = patientSearch(8);
