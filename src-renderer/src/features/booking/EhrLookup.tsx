import { useEffect, useId, useState, type FormEvent } from 'react';
import type { EhrPatientMatchDto } from '@shared/domain/ehr';
import { useLiveQuery } from '../../api';
import { useTimeFormatter } from '../../stores/clinic-setup';
import { ehrAvailable, findInEhr, importAndChoose } from './ehr-lookup';

/**
 * "Found in the EHR: import and book". When the desk finds nobody, the
 * receptionist can look the patient up in the clinic's EHR by name and birth
 * date, import the match (linked to the EHR record) and go on booking.
 * Shown only when an EHR is connected.
 */
type Status = 'closed' | 'asking' | 'searching' | 'answered' | 'importing';

/** The words of what was typed as a first guess: a YYYY-MM-DD date is the birth date, the last word the family name. */
function guess(query: string): { family: string; given: string; dob: string } {
  const words = query.trim().split(/\s+/).filter(Boolean);
  const dob = words.find((w) => /^\d{4}-\d{2}-\d{2}$/.test(w)) ?? '';
  const names = words.filter((w) => /\p{L}/u.test(w)).map((w) => w.replace(/,$/, ''));
  // "Dunn, Dana" is family first; "Dana Dunn" given first.
  const familyFirst = /,/.test(query);
  const family = (familyFirst ? names[0] : names[names.length - 1]) ?? '';
  const given = (familyFirst ? names.slice(1) : names.slice(0, -1)).join(' ');
  return { family, given, dob };
}

export function EhrLookup({ query }: { query: string }) {
  const available = useLiveQuery(ehrAvailable, (s) => s.data);
  const tf = useTimeFormatter();
  const id = useId();
  const [status, setStatus] = useState<Status>('closed');
  const [form, setForm] = useState(() => guess(query));
  const [matches, setMatches] = useState<EhrPatientMatchDto[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => void ehrAvailable.setInput({}), []);
  if (!available) return null;

  const search = async (e: FormEvent) => {
    e.preventDefault();
    setStatus('searching');
    setProblem(null);
    const r = await findInEhr({ familyName: form.family, givenName: form.given, dateOfBirth: form.dob });
    if (!r.ok) {
      setProblem(r.error.message);
      setStatus('asking');
      return;
    }
    setMatches(r.data);
    setStatus('answered');
  };
  const importAndBook = async (m: EhrPatientMatchDto) => {
    setStatus('importing');
    const refused = await importAndChoose(m.reference);
    if (refused) {
      setProblem(refused);
      setStatus('answered');
    }
  };

  if (status === 'closed') {
    return (
      <button
        type="button"
        className="button"
        onClick={() => {
          setForm(guess(query));
          setStatus('asking');
        }}
      >
        Look up in the EHR…
      </button>
    );
  }
  const set = (k: keyof typeof form) => (e: { currentTarget: HTMLInputElement }) => setForm({ ...form, [k]: e.currentTarget.value });
  return (
    <div className="bk-ehr-lookup">
      <form onSubmit={(e) => void search(e)} aria-label="Look the patient up in the EHR" className="bk-ehr-lookup__form">
        <div className="bk-field">
          <label htmlFor={`${id}-family`}>Family name</label>
          <input id={`${id}-family`} value={form.family} onChange={set('family')} autoComplete="off" autoFocus />
        </div>
        <div className="bk-field">
          <label htmlFor={`${id}-given`}>Given name</label>
          <input id={`${id}-given`} value={form.given} onChange={set('given')} autoComplete="off" />
        </div>
        <div className="bk-field">
          <label htmlFor={`${id}-dob`}>Date of birth</label>
          <input id={`${id}-dob`} type="date" value={form.dob} onChange={set('dob')} />
        </div>
        <button type="submit" className="button" disabled={status === 'searching' || form.family.trim() === '' || form.dob === ''}>
          {status === 'searching' ? 'Looking…' : 'Look up'}
        </button>
      </form>
      {problem && (
        <p className="bk-field__error" role="alert">
          {problem}
        </p>
      )}
      {status !== 'asking' && status !== 'searching' && (
        <div role="status">
          {matches.length === 0 ? (
            <p className="bk-muted">Nobody with this name and birth date in the EHR either. Register the patient as new.</p>
          ) : (
            <ul className="bk-patient-pick__list" aria-label="Found in the EHR">
              {matches.map((m) => (
                <li key={m.reference} className="bk-patient-pick__option bk-ehr-lookup__match">
                  <span className="bk-patient-pick__name">
                    Found in the EHR: {m.familyName}, {m.givenName}
                  </span>
                  <span className="bk-patient-pick__meta">
                    born {tf.date(m.dateOfBirth)}
                    {m.phone ? ` · ${m.phone}` : ''}
                    {m.identifiers.length > 0 ? ` · ${m.identifiers.join(', ')}` : ''}
                  </span>
                  <button type="button" className="button button--primary" disabled={status === 'importing'} onClick={() => void importAndBook(m)}>
                    {m.localPatientId ? 'Book' : 'Import and book'}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
