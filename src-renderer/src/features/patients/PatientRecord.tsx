import './patients.css';
import { useState } from 'react';
import type { PatientPanel, RelatedPatient } from '@shared/domain/patients';
import { bookingAction } from '../../stores/booking-bridge';
import { useTimeFormatter } from '../../stores/clinic-setup';
import { useAppStatus } from '../../stores/app-status';
import { useMay } from '../desk-lock';
import { usePatientSearch } from '../patient-search';
import { familySearch, PatientPicker } from './PatientPicker';
import { panelAction, usePatientDialogs } from './patient-dialogs';

/**
 * The patient's record on the panel, under the booking button: a concurrent edit from another desk waiting for a
 * choice, merges that can still be undone, address and insurance, the
 * actions (edit, merge) and the family with "Book" for each member.
 */
export function PatientRecord({ panel }: { panel: PatientPanel }) {
  const p = panel.patient;
  const mayMerge = useMay('patients.merge');
  const address = [p.addressLine1, p.addressLine2, [p.city, p.region, p.postalCode].filter(Boolean).join(' ')].filter(Boolean);
  return (
    <>
      {panel.conflict && <ConflictNotice panel={panel} />}
      {mayMerge && panel.undoableMerges.map((m) => <UndoMerge key={m.mergedId} mergedId={m.mergedId} name={m.mergedName} at={m.mergedAt} />)}
      {(address.length > 0 || p.insurancePayer) && (
        <dl className="patient-panel__facts">
          {address.length > 0 && (
            <>
              <dt>Address</dt>
              <dd>{address.join(', ')}</dd>
            </>
          )}
          {p.insurancePayer && (
            <>
              <dt>Insurance</dt>
              <dd>
                {p.insurancePayer}
                {p.insuranceMemberId && ` · ID ${p.insuranceMemberId}`}
                {p.insuranceGroup && ` · group ${p.insuranceGroup}`}
                {p.insuranceSubscriber && ` · subscriber ${p.insuranceSubscriber}`}
              </dd>
            </>
          )}
        </dl>
      )}
      <div className="pt-record-actions">
        <button type="button" className="button" onClick={() => usePatientDialogs.getState().openEdit(p)}>
          Edit patient
        </button>
        {mayMerge && (
          <button type="button" className="button" onClick={() => usePatientDialogs.getState().openMerge(p)}>
            Merge duplicate…
          </button>
        )}
      </div>
      <Family panel={panel} />
    </>
  );
}

function Family({ panel }: { panel: PatientPanel }) {
  const p = panel.patient;
  const [adding, setAdding] = useState(false);
  return (
    <section className="patient-panel__section" aria-labelledby="patient-family">
      <h3 id="patient-family">Family</h3>
      {panel.family.length === 0 ? (
        <p className="patient-panel__empty">No family members linked.</p>
      ) : (
        <ul className="visit-list">
          {panel.family.map((f) => (
            <FamilyMember key={f.id} member={f} />
          ))}
        </ul>
      )}
      {adding ? (
        <PatientPicker
          label={`Add a family member of ${p.givenName}`}
          exclude={p.id}
          search={familySearch}
          onPick={(h) => {
            setAdding(false);
            void panelAction('patients/link-family', { patientId: p.id, memberId: h.id });
          }}
        />
      ) : (
        <div className="pt-record-actions">
          <button type="button" className="button" onClick={() => setAdding(true)}>
            Add family member…
          </button>
          {p.householdId && (
            <button type="button" className="button" onClick={() => void panelAction('patients/unlink-family', { patientId: p.id })}>
              Leave household
            </button>
          )}
        </div>
      )}
    </section>
  );
}

function FamilyMember({ member: f }: { member: RelatedPatient }) {
  const tf = useTimeFormatter();
  const name = `${f.givenName} ${f.familyName}`;
  return (
    <li className="visit pt-family__member" data-patient-id={f.id}>
      <div>
        <span className="visit__when">{name}</span>
        {f.isGuardian && <span className="visit__status">Responsible person</span>}
        {f.isDependant && <span className="visit__status">Dependant</span>}
      </div>
      <div className="visit__what">
        born {tf.date(f.dateOfBirth)}
        {f.phone ? ` · ${f.phone}` : ''}
      </div>
      <div className="visit__actions">
        <button type="button" className="button" aria-label={`Book for ${name}`} onClick={() => bookingAction('findNextFor')?.({ id: f.id, name, dateOfBirth: f.dateOfBirth })}>
          Book
        </button>
        <button type="button" className="button" aria-label={`Open ${name}`} onClick={() => void usePatientSearch.getState().openPatient(f.id)}>
          Open
        </button>
      </div>
    </li>
  );
}

function ConflictNotice({ panel }: { panel: PatientPanel }) {
  const c = panel.conflict!;
  const value = (v: unknown): string => (v === null || v === '' ? '—' : typeof v === 'boolean' ? (v ? 'Yes' : 'No') : String(v));
  return (
    <section className="pt-conflict" role="alert" aria-label="Changed at another desk">
      <p>
        <strong>Another desk changed this record at the same time.</strong> Choose which version to keep.
      </p>
      <table className="pt-merge">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">This desk</th>
            <th scope="col">Other desk</th>
          </tr>
        </thead>
        <tbody>
          {c.fields.filter((f) => f !== 'householdId' && f !== 'guardianId').map((f) => (
            <tr key={f}>
              <th scope="row">{f}</th>
              <td>{value(c.mine[f as keyof typeof c.mine])}</td>
              <td>{value(c.theirs[f as keyof typeof c.theirs])}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="pt-record-actions">
        <button type="button" className="button" onClick={() => void panelAction('patients/resolve-conflict', { patientId: c.patientId, keep: 'mine' })}>
          Keep this desk’s
        </button>
        <button type="button" className="button" onClick={() => void panelAction('patients/resolve-conflict', { patientId: c.patientId, keep: 'theirs' })}>
          Use the other desk’s
        </button>
      </div>
    </section>
  );
}

function UndoMerge({ mergedId, name, at }: { mergedId: PanelMergeId; name: string; at: number }) {
  const tf = useTimeFormatter();
  const zone = useAppStatus((s) => s.status?.clinic?.zone ?? 'UTC');
  return (
    <p className="pt-undo" role="status">
      {name}’s record was merged into this one at {tf.time(zone, at)}.{' '}
      <button type="button" className="pt-link" onClick={() => void panelAction('patients/undo-merge', { mergedId })}>
        Undo merge
      </button>
    </p>
  );
}

type PanelMergeId = PatientPanel['undoableMerges'][number]['mergedId'];
