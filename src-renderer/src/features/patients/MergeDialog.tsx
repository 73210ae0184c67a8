import { useState } from 'react';
import { Dialog } from '../../components/Dialog';
import type { Patient } from '@shared/domain/patients';
import { MERGE_FIELDS, type MergeField } from '@shared/schemas/patients';
import { useTimeFormatter } from '../../stores/clinic-setup';
import type { TimeFormatter } from '@shared/time';
import { mergeSearch, PatientPicker } from './PatientPicker';
import { usePatientDialogs } from './patient-dialogs';

const LABELS: Record<MergeField, string> = {
  givenName: 'Given name',
  familyName: 'Family name',
  dateOfBirth: 'Date of birth',
  phone: 'Phone',
  email: 'E-mail',
  preferredChannel: 'Reminders by',
  smsOptOut: 'No text reminders',
  emailOptOut: 'No e-mail reminders',
  notes: 'Notes',
  addressLine1: 'Street address',
  addressLine2: 'Address line 2',
  city: 'City',
  region: 'State or region',
  postalCode: 'Postal code',
  alert: 'Alert',
  insurancePayer: 'Insurance payer',
  insuranceMemberId: 'Member ID',
  insuranceGroup: 'Group number',
  insuranceSubscriber: 'Subscriber',
  guardianId: 'Responsible person',
  householdId: 'Household',
};

const CHANNELS: Record<string, string> = { sms: 'Text message', email: 'E-mail', none: 'No reminders' };

function shown(p: Patient, f: MergeField, tf: TimeFormatter): string {
  const v = p[f];
  if (f === 'dateOfBirth') return tf.date(String(v));
  if (f === 'preferredChannel') return CHANNELS[String(v)] ?? String(v);
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (f === 'guardianId' || f === 'householdId') return v ? 'Set' : '—';
  return v === null || v === '' ? '—' : String(v);
}

/** Fields where the two records differ; the kept record's value is the default unless it is empty. */
function differing(keep: Patient, other: Patient): MergeField[] {
  return MERGE_FIELDS.filter((f) => (keep[f] ?? '') !== (other[f] ?? ''));
}

function defaults(keep: Patient, other: Patient): Set<MergeField> {
  return new Set(differing(keep, other).filter((f) => (keep[f] === null || keep[f] === '') && other[f] !== null && other[f] !== ''));
}

/**
 * Merge duplicates (managers): pick the other record, choose field by field
 * which value the kept record takes; visits, reminders, waitlist entries and
 * family links move to it and the other record disappears from search. The
 * panel offers Undo until the end of the day.
 */
export function MergeDialog({ keep, other }: { keep: Patient; other: Patient | null }) {
  const { status, problem } = usePatientDialogs();
  const { close, chooseOther, swap, merge } = usePatientDialogs.getState();
  const tf = useTimeFormatter();
  const [takeOther, setTakeOther] = useState<Set<MergeField> | null>(null);
  const [pairKey, setPairKey] = useState('');
  const key = other ? `${keep.id}:${other.id}` : '';
  if (other && key !== pairKey) {
    setPairKey(key);
    setTakeOther(defaults(keep, other));
  }
  const chosen = takeOther ?? new Set<MergeField>();
  const name = (p: Patient) => `${p.givenName} ${p.familyName}`;
  return (
    <Dialog title="Merge duplicate records" onClose={close} size="wide" description="Use this when one person was registered twice.">
      {problem && (
        <p className="pt-problem" role="alert">
          {problem.message}
        </p>
      )}
      {!other ? (
        <PatientPicker label={`Find the other record of ${name(keep)}`} exclude={keep.id} search={mergeSearch} onPick={(h) => void chooseOther(h.id)} />
      ) : (
        <>
          <p className="pt-merge__lead">
            <strong>{name(keep)}</strong> (born {tf.date(keep.dateOfBirth)}) is kept. <strong>{name(other)}</strong> (born{' '}
            {tf.date(other.dateOfBirth)}) is merged into it: its visits, reminders, waitlist entries and family move over, and it no
            longer shows in search.{' '}
            <button type="button" className="pt-link" onClick={swap}>
              Keep the other record instead
            </button>
          </p>
          <table className="pt-merge">
            <caption className="pt-visually-hidden">Choose each value the kept record takes</caption>
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">Kept record</th>
                <th scope="col">Merged record</th>
              </tr>
            </thead>
            <tbody>
              {differing(keep, other).map((f) => (
                <tr key={f}>
                  <th scope="row">{LABELS[f]}</th>
                  {([false, true] as const).map((fromOther) => (
                    <td key={String(fromOther)}>
                      <label className="pt-check">
                        <input
                          type="radio"
                          name={`merge-${f}`}
                          checked={chosen.has(f) === fromOther}
                          onChange={() => {
                            const next = new Set(chosen);
                            if (fromOther) next.add(f);
                            else next.delete(f);
                            setTakeOther(next);
                          }}
                        />
                        {shown(fromOther ? other : keep, f, tf)}
                      </label>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {differing(keep, other).length === 0 && <p className="pt-muted">The two records hold the same values.</p>}
        </>
      )}
      <div className="pt-actions">
        <button type="button" className="button" onClick={close}>
          Cancel
        </button>
        {other && (
          <button type="button" className="button button--primary" disabled={status !== 'idle'} onClick={() => void merge([...chosen])}>
            {status === 'saving' ? 'Merging…' : `Merge into ${name(keep)}`}
          </button>
        )}
      </div>
    </Dialog>
  );
}
