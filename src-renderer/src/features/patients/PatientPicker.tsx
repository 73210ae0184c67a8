import { useState } from 'react';
import type { PatientId } from '@shared/domain/ids';
import type { PatientSearchHit } from '@shared/domain/patients';
import { useLiveQuery } from '../../api';
import { PatientSearchList } from '../../components/PatientSearchList';
import { patientSearch, type PatientSearch } from '../patient-search';

const NO_HITS: PatientSearchHit[] = [];

/**
 * Finds another registered patient as you type (↑/↓/Enter or a click): the
 * responsible person, a family member, the duplicate to merge. `exclude`
 * leaves out the patient being edited.
 */
export function PatientPicker({ label, exclude, onPick, search }: { label: string; exclude: PatientId; onPick(hit: PatientSearchHit): void; search: PatientSearch }) {
  const [text, setText] = useState('');
  const all = useLiveQuery(search.query, (s) => s.data?.hits ?? NO_HITS);
  const hits = all.filter((h) => h.id !== exclude);
  return (
    <div className="pt-picker">
      <PatientSearchList
        label={label}
        value={text}
        onType={(t) => {
          setText(t);
          void search.type(t);
        }}
        hits={hits}
        onPick={(h) => {
          setText('');
          search.clear();
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
