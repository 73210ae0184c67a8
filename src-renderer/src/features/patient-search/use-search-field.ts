import { useState } from 'react';
import type { PatientSearchHit } from '@shared/domain/patients';
import { useLiveQuery } from '../../api';
import type { PatientSearch } from './patient-search-query';

const NO_HITS: readonly PatientSearchHit[] = [];

/**
 * A search field over a patient search: the text as typed, the patients it
 * finds (none once the search is cleared), and `done` to empty both after a pick.
 */
export function useSearchField(search: PatientSearch) {
  const [text, setText] = useState('');
  const hits = useLiveQuery(search.query, (s) => (s.input ? (s.data?.hits ?? NO_HITS) : NO_HITS));
  return {
    text,
    hits,
    type(next: string): void {
      setText(next);
      void search.type(next);
    },
    done(): void {
      setText('');
      search.clear();
    },
  };
}
