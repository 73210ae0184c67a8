import { useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { PatientSearchHit } from '@shared/domain/patients';
import { useLiveQuery } from '../../api';
import { useShortcuts } from '../../lib/keyboard';
import { topBarSearch, usePatientSearch } from './patient-search-store';
import './patient-search.css';
import { useTimeFormatter } from '../../stores/clinic-setup';

/** The top bar's search field: a put-away patient record hands the focus back to it. */
export const SEARCH_INPUT_ID = 'patient-search-input';
const LIST_ID = 'patient-search-results';
const NO_HITS: PatientSearchHit[] = [];
const optionId = (i: number): string => `patient-search-option-${i}`;

/**
 * One box in the top bar (shortcut /): results as you type by name, phone or
 * date of birth; ↑/↓ move, Enter opens the patient, Esc closes the list then
 * leaves the box. An ARIA combobox with a listbox popup.
 */
export function PatientSearchBox() {
  const tf = useTimeFormatter();
  const { query, open, active } = usePatientSearch(useShallow((s) => ({ query: s.query, open: s.open, active: s.active })));
  const { hits, hasMore, searching } = useLiveQuery(
    topBarSearch.query,
    useShallow((s) => ({ hits: s.data?.hits ?? NO_HITS, hasMore: s.data?.hasMore ?? false, searching: s.status === 'loading' })),
  );
  const { setQuery, move, choose, closeList } = usePatientSearch.getState();
  const input = useRef<HTMLInputElement>(null);

  const shortcuts = useMemo(() => ({ '/': () => input.current?.focus() }), []);
  useShortcuts(shortcuts);

  useEffect(() => {
    if (active >= 0) document.getElementById(optionId(active))?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        move(1);
        break;
      case 'ArrowUp':
        e.preventDefault();
        move(-1);
        break;
      case 'Enter':
        if (open && active >= 0) {
          e.preventDefault();
          choose();
        }
        break;
      case 'Escape':
        e.preventDefault();
        if (open) closeList();
        else {
          setQuery('');
          input.current?.blur();
        }
        break;
    }
  };

  const expanded = open && query.trim().length >= 2;
  return (
    <div className="patient-search" role="search" aria-label="Patients">
      <label htmlFor={SEARCH_INPUT_ID} className="visually-hidden">
        Search patients by name, phone or date of birth
      </label>
      <span className="patient-search__icon" aria-hidden="true">
        ⌕
      </span>
      <input
        ref={input}
        id={SEARCH_INPUT_ID}
        className="patient-search__input"
        type="text"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        placeholder="Search patients"
        aria-keyshortcuts="/"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={LIST_ID}
        aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
        value={query}
        onChange={(e) => setQuery(e.currentTarget.value)}
        onKeyDown={onKeyDown}
        onFocus={() => hits.length > 0 && usePatientSearch.setState({ open: true })}
        onBlur={() => setTimeout(closeList, 150)}
      />
      {!query && <kbd className="patient-search__hint" aria-hidden="true">/</kbd>}
      <div className="patient-search__popup" hidden={!expanded}>
        <ul id={LIST_ID} role="listbox" aria-label="Matching patients" className="patient-search__list">
          {hits.map((h, i) => (
            <li
              key={h.id}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              className="patient-search__option"
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(i)}
              onMouseEnter={() => usePatientSearch.setState({ active: i })}
            >
              <span className="patient-search__name">
                {h.familyName}, {h.givenName}
              </span>
              <span className="patient-search__meta">
                {tf.date(h.dateOfBirth)}
                {h.phone ? ` · ${h.phone}` : ''}
              </span>
            </li>
          ))}
        </ul>
        <p className="patient-search__status" role="status">
          {searching && hits.length === 0
            ? 'Searching…'
            : hits.length === 0
              ? 'No patient matches. Check the spelling, or try the phone number or date of birth.'
              : hasMore
                ? `First ${hits.length} matches — type more to narrow down.`
                : `${hits.length} ${hits.length === 1 ? 'match' : 'matches'}`}
        </p>
      </div>
    </div>
  );
}
