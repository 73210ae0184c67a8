import { useEffect, useState } from 'react';
import type { EhrMappingKind, EhrMappingRowDto, EhrTargetDto } from '@shared/domain/ehr';
import { useLiveQuery } from '@renderer/api';
import { ehrMappings, saveEhrMapping } from './ehr-store';

/**
 * Mappings: each provider, location, room and type with its EHR counterpart.
 * Unmapped rows come first with what they block and a suggestion (same NPI,
 * same name, the type's likely appointment reason) to accept in one click,
 * or a choice from the EHR's list; a type's coding can be typed.
 */
const KIND_WORDS: Record<EhrMappingKind, { title: string; blocks: string }> = {
  provider: { title: 'Providers → Practitioners', blocks: 'Their visits are not sent until mapped.' },
  location: { title: 'Locations → Locations', blocks: 'Visits there are not sent until mapped.' },
  room: { title: 'Rooms → Locations', blocks: 'Optional: visits go without their room until mapped.' },
  type: { title: 'Appointment types → codings', blocks: 'Visits of the type are not sent until mapped.' },
};

export function EhrMappings() {
  const data = useLiveQuery(ehrMappings, (s) => s.data);
  useEffect(() => {
    void ehrMappings.setInput({}, { force: true });
    return ehrMappings.follow();
  }, []);
  if (!data) return null;
  const unmapped = data.rows.filter((r) => !r.mapped && r.kind !== 'room').length;
  return (
    <section className="ehr__mappings" aria-labelledby="ehr-mappings-title">
      <h4 id="ehr-mappings-title">
        Mappings {unmapped > 0 && <span className="sync-count">({unmapped} to map)</span>}
      </h4>
      {data.problem && <p className="pcal__problem">{data.problem}</p>}
      {(Object.keys(KIND_WORDS) as EhrMappingKind[]).map((kind) => {
        const rows = data.rows.filter((r) => r.kind === kind).sort((a, b) => Number(!!a.mapped) - Number(!!b.mapped));
        if (rows.length === 0) return null;
        const choices = kind === 'provider' ? data.practitioners : kind === 'type' ? [] : data.locations;
        return (
          <div key={kind} className="ehr__kind">
            <h5>{KIND_WORDS[kind].title}</h5>
            <p className="su-hint">{KIND_WORDS[kind].blocks}</p>
            <ul className="ehr__rows">
              {rows.map((r) => (
                <MappingRow key={r.localId} row={r} choices={choices} />
              ))}
            </ul>
          </div>
        );
      })}
    </section>
  );
}

const describe = (t: EhrTargetDto): string => (t.reference ? `${t.display || t.reference} (${t.reference})` : `${t.display || t.code} (${t.system} | ${t.code})`);

function MappingRow({ row, choices }: { row: EhrMappingRowDto; choices: EhrTargetDto[] }) {
  const [problem, setProblem] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [choice, setChoice] = useState('');
  const [system, setSystem] = useState(row.mapped?.system ?? row.suggestion?.system ?? '');
  const [code, setCode] = useState(row.mapped?.code ?? row.suggestion?.code ?? '');
  const [display, setDisplay] = useState(row.mapped?.display ?? row.suggestion?.display ?? '');
  const name = `${row.localName}${row.context ? ` (${row.context})` : ''}`;
  const save = async (target: EhrTargetDto | null) => {
    setProblem(null);
    const e = await saveEhrMapping({
      kind: row.kind,
      localId: row.localId,
      target: target && { reference: target.reference, system: target.system, code: target.code, display: target.display },
    });
    if (e) setProblem(e.message);
    else setEditing(false);
  };
  const picked = (): EhrTargetDto | null =>
    row.kind === 'type' ? { reference: '', system, code, display, reason: null } : (choices.find((c) => c.reference === choice) ?? null);
  return (
    <li className={`ehr__row ${row.mapped ? '' : 'ehr__row--unmapped'}`}>
      <span className="ehr__local">
        <strong>{name}</strong>
        {row.blockedVisits > 0 && (
          <span className="ehr__blocked">
            {' '}
            · {row.blockedVisits} {row.blockedVisits === 1 ? 'visit waits' : 'visits wait'}
          </span>
        )}
      </span>
      <span className="ehr__target">
        {row.mapped ? describe(row.mapped) : row.suggestion ? `Suggested: ${describe(row.suggestion)} — ${row.suggestion.reason ?? ''}` : 'Not mapped'}
      </span>
      {editing ? (
        <span className="ehr__edit">
          {row.kind === 'type' ? (
            <>
              <input aria-label={`Code system for ${name}`} placeholder="Code system (URL)" value={system} onChange={(e) => setSystem(e.currentTarget.value)} />
              <input aria-label={`Code for ${name}`} placeholder="Code" value={code} onChange={(e) => setCode(e.currentTarget.value)} />
              <input aria-label={`Name of the code for ${name}`} placeholder="Name" value={display} onChange={(e) => setDisplay(e.currentTarget.value)} />
            </>
          ) : (
            <select aria-label={`EHR counterpart of ${name}`} value={choice} onChange={(e) => setChoice(e.currentTarget.value)}>
              <option value="">Choose…</option>
              {choices.map((c) => (
                <option key={c.reference} value={c.reference}>
                  {c.display} ({c.reference})
                </option>
              ))}
            </select>
          )}
          <button type="button" className="button button--primary" onClick={() => void save(picked())} disabled={row.kind !== 'type' && choice === ''}>
            Save
          </button>
          <button type="button" className="button" onClick={() => setEditing(false)}>
            Cancel
          </button>
        </span>
      ) : (
        <span className="pcal__actions">
          {!row.mapped && row.suggestion && (
            <button type="button" className="button button--primary" onClick={() => void save(row.suggestion)} aria-label={`Use suggestion for ${name}`}>
              Use suggestion
            </button>
          )}
          <button type="button" className="button" onClick={() => setEditing(true)} aria-label={`${row.mapped ? 'Change' : 'Choose'} the EHR counterpart of ${name}`}>
            {row.mapped ? 'Change' : 'Choose'}
          </button>
          {row.mapped && (
            <button type="button" className="button" onClick={() => void save(null)} aria-label={`Remove the mapping of ${name}`}>
              Remove
            </button>
          )}
        </span>
      )}
      {problem && (
        <span className="su-problem" role="alert">
          {problem}
        </span>
      )}
    </li>
  );
}
