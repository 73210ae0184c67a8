import { recordAudit } from '@main/core/audit/audit';
import type { CoreContext } from '@main/core/context';
import { prepared } from '@main/core/db/prepared';
import { inWriteTransaction } from '@main/core/db/transaction';
import { MAX_ATTEMPTS } from '../../backoff';
import {
  appointmentOf,
  fingerprintOf,
  missingMappings,
  needsMappingMessage,
  readVisitMappings,
  readVisitRow,
  REMOVED_STATUS,
  type VisitMappings,
} from './appointment';
import { conditionalCreateOf, type Capabilities } from './capabilities';
import type { FhirClient, WriteAnswer } from './client';
import { defaultMessage, FhirFailure } from './failure';
import { APPOINTMENT_ID_SYSTEM, PATIENT_ID_SYSTEM, type Appointment, type Patient } from './resources';
import {
  dropFromQueue,
  markContact,
  readDelivered,
  recordDelivered,
  setQueueState,
  writeMapping,
  type Delivered,
  type Mapping,
} from './store';

/**
 * Brings the EHR in line with one queued visit.
 *
 * - A visit whose provider, location or type is unmapped waits as
 *   "needs mapping" (not a failure); mapping it sends it.
 * - Create is idempotent: conditional create on Frontdesk's identifier
 *   (If-None-Exist) where the server offers it, else search, then create. An
 *   Appointment that is already there (an earlier answer was lost) is updated
 *   if it differs.
 * - Updates carry If-Match with the version the EHR last gave us: a change
 *   made in the EHR meanwhile (412), a 409 or a refusal (4xx with an
 *   OperationOutcome) becomes a conflict on the desk with the EHR's words.
 * - 5xx and timeouts count a try; after MAX_ATTEMPTS the visit needs attention.
 * - No answer at all or a refused sign-in is the connection's problem: the
 *   visit loses nothing.
 *
 * The queue row goes only when the EHR holds what the visit says now (a
 * change made while the request was on the wire keeps it queued).
 */
export type PushOutcome =
  | { kind: 'done' }
  | { kind: 'needs-mapping' }
  | { kind: 'conflict'; message: string }
  | { kind: 'retry'; attempts: number }
  | { kind: 'attention' }
  | { kind: 'connection'; failure: FhirFailure };

export interface PushSettings {
  capabilities: Capabilities | null;
  sendNotes: boolean;
}

type Mapped = VisitMappings & { provider: Mapping; location: Mapping; type: Mapping; patient: Mapping };

export async function pushVisit(ctx: CoreContext, client: FhirClient, settings: PushSettings, appointmentId: string, attempts: number, signal: AbortSignal): Promise<PushOutcome> {
  const db = ctx.db;
  try {
    const visit = readVisitRow(db, appointmentId);
    const delivered = readDelivered(db, appointmentId);
    if (!visit) {
      if (delivered) await withdraw(ctx, client, appointmentId, delivered, signal);
      else inWriteTransaction(db, () => dropFromQueue(db, appointmentId));
      return { kind: 'done' };
    }
    const mappings = readVisitMappings(db, visit);
    const missing = missingMappings(mappings);
    if (missing.length > 0) {
      inWriteTransaction(db, () => setQueueState(db, appointmentId, 'needs-mapping', needsMappingMessage(missing)));
      return { kind: 'needs-mapping' };
    }
    const patient = mappings.patient ?? (await linkPatient(ctx, client, settings.capabilities, visit.patientId, signal));
    if (!patient) {
      const message = 'The patient is not in the EHR, and the EHR does not let the desk register patients. Register them in the EHR, then send the visit again.';
      inWriteTransaction(db, () => setQueueState(db, appointmentId, 'conflict', message));
      return { kind: 'conflict', message };
    }
    const mapped = { ...mappings, patient } as Mapped;
    const resource = appointmentOf(visit, mapped, settings.sendNotes);
    const fingerprint = fingerprintOf(resource);
    if (delivered && delivered.fingerprint === fingerprint && delivered.versionId !== null) {
      inWriteTransaction(db, () => dropFromQueue(db, appointmentId));
      return { kind: 'done' };
    }
    const answer = delivered ? await update(client, resource, delivered, signal) : await createOnce(client, settings.capabilities, resource, fingerprint, signal);
    const resourceId = answer.resource?.id;
    if (!resourceId) throw new FhirFailure('transient', 'The EHR did not say which appointment it stored. It will be tried again.', answer.status);
    inWriteTransaction(db, () => {
      const now = ctx.clock.now();
      recordDelivered(db, appointmentId, { resourceId, versionId: answer.versionId, fingerprint }, visit.endAt, now);
      markContact(db, 'push', now);
      if (currentFingerprint(ctx, appointmentId, settings.sendNotes) === fingerprint) dropFromQueue(db, appointmentId);
    });
    return { kind: 'done' };
  } catch (e) {
    if (signal.aborted) throw e;
    const failure = e instanceof FhirFailure ? e : new FhirFailure('transient', defaultMessage('transient', null));
    return settleFailure(ctx, appointmentId, attempts, failure);
  }
}

function settleFailure(ctx: CoreContext, appointmentId: string, attempts: number, failure: FhirFailure): PushOutcome {
  const db = ctx.db;
  switch (failure.kind) {
    case 'unreachable':
    case 'refused':
      return { kind: 'connection', failure };
    case 'transient': {
      const tries = attempts + 1;
      const state = tries >= MAX_ATTEMPTS ? 'attention' : 'pending';
      const message = tries >= MAX_ATTEMPTS ? `${failure.message} Tried ${tries} times; send it again from Sync › EHR when the EHR is working.` : failure.message;
      inWriteTransaction(db, () => setQueueState(db, appointmentId, state, message, true));
      return state === 'attention' ? { kind: 'attention' } : { kind: 'retry', attempts: tries };
    }
    case 'conflict':
    case 'rejected':
    case 'gone': {
      const message = conflictMessage(failure);
      inWriteTransaction(db, () => {
        // The EHR lost it: sending again creates it anew.
        if (failure.kind === 'gone') prepared(db, `DELETE FROM ehr_appointments WHERE appointment_id = ?`).run(appointmentId);
        setQueueState(db, appointmentId, 'conflict', message);
      });
      return { kind: 'conflict', message };
    }
  }
}

function conflictMessage(f: FhirFailure): string {
  const lead =
    f.kind === 'conflict'
      ? 'The appointment was changed in the EHR meanwhile; the desk’s change was not sent.'
      : f.kind === 'gone'
        ? 'The EHR no longer has this appointment.'
        : `The EHR did not accept this visit${f.status ? ` (error ${f.status})` : ''}.`;
  return f.serverText ? `${lead} The EHR said: “${f.serverText}”` : lead;
}

/** What the visit would be sent as now (null: it would not be sent). */
function currentFingerprint(ctx: CoreContext, appointmentId: string, sendNotes: boolean): string | null {
  const visit = readVisitRow(ctx.db, appointmentId);
  if (!visit) return null;
  const m = readVisitMappings(ctx.db, visit);
  if (!m.provider || !m.location || !m.type || !m.patient) return null;
  return fingerprintOf(appointmentOf(visit, m as Mapped, sendNotes));
}

async function createOnce(client: FhirClient, caps: Capabilities | null, resource: Appointment, fingerprint: string, signal: AbortSignal): Promise<WriteAnswer<Appointment>> {
  const identifier = `identifier=${encodeURIComponent(`${APPOINTMENT_ID_SYSTEM}|${resource.identifier![0]!.value!}`)}`;
  let existing: WriteAnswer<Appointment> | null = null;
  if (conditionalCreateOf(caps, 'Appointment')) {
    const answer = await client.create(resource, identifier, signal);
    if (answer.status !== 200) return answer;
    existing = answer; // 200: it was there already
  } else {
    const [found] = await client.search<Appointment>('Appointment', new URLSearchParams(identifier), signal, 2);
    if (!found) return client.create(resource, null, signal);
    existing = { status: 200, resource: found, versionId: found.meta?.versionId ?? null };
  }
  const stored = existing.resource;
  if (!stored?.id) return existing;
  if (fingerprintOf(stored) === fingerprint) return existing;
  return client.update({ ...resource, id: stored.id }, existing.versionId, signal);
}

async function update(client: FhirClient, resource: Appointment, delivered: Delivered, signal: AbortSignal): Promise<WriteAnswer<Appointment>> {
  let version = delivered.versionId;
  // Sent again after a conflict: against the version the EHR holds now (still refused if it changes again meanwhile).
  if (version === null) version = (await client.read<Appointment>('Appointment', delivered.resourceId, signal)).versionId;
  return client.update({ ...resource, id: delivered.resourceId }, version, signal);
}

/** A visit the desk removed (a booking the clinic hub refused): entered-in-error in the EHR. */
async function withdraw(ctx: CoreContext, client: FhirClient, appointmentId: string, delivered: Delivered, signal: AbortSignal): Promise<void> {
  if (delivered.fingerprint === REMOVED_STATUS) {
    inWriteTransaction(ctx.db, () => dropFromQueue(ctx.db, appointmentId));
    return;
  }
  const current = await client.read<Appointment>('Appointment', delivered.resourceId, signal);
  if (!current.resource?.id) throw new FhirFailure('transient', defaultMessage('transient', current.status), current.status);
  const answer = await client.update({ ...current.resource, id: current.resource.id, status: REMOVED_STATUS }, delivered.versionId ?? current.versionId, signal);
  inWriteTransaction(ctx.db, () => {
    const now = ctx.clock.now();
    recordDelivered(ctx.db, appointmentId, { resourceId: delivered.resourceId, versionId: answer.versionId, fingerprint: REMOVED_STATUS }, now, now);
    markContact(ctx.db, 'push', now);
    dropFromQueue(ctx.db, appointmentId);
  });
}

/**
 * The EHR Patient for a local patient with no link yet: found by Frontdesk's
 * identifier, else registered (name, birth date and that identifier only) —
 * conditionally where the server offers it. Null when the EHR does not let
 * the desk create patients. The link and an audit row are written together.
 */
async function linkPatient(ctx: CoreContext, client: FhirClient, caps: Capabilities | null, patientId: string, signal: AbortSignal): Promise<Mapping | null> {
  const row = prepared<{ given: string; family: string; dob: string }>(
    ctx.db,
    `SELECT given_name AS given, family_name AS family, date_of_birth AS dob FROM patients WHERE id = ?`,
  ).get(patientId);
  if (!row) throw new FhirFailure('transient', 'The patient of this visit is not on this desk yet.');
  const identifier = `${PATIENT_ID_SYSTEM}|${patientId}`;
  let [found] = await client.search<Patient>('Patient', new URLSearchParams({ identifier }), signal, 2);
  let created = false;
  if (!found) {
    const canCreate = !caps || (caps.resources.Patient?.interactions.includes('create') ?? false);
    if (!canCreate) return null;
    const patient: Patient = {
      resourceType: 'Patient',
      identifier: [{ system: PATIENT_ID_SYSTEM, value: patientId }],
      name: [{ family: row.family, given: [row.given] }],
      birthDate: row.dob,
    };
    const answer = await client.create(patient, conditionalCreateOf(caps, 'Patient') ? `identifier=${encodeURIComponent(identifier)}` : null, signal);
    found = answer.resource ?? undefined;
    created = answer.status === 201;
  }
  if (!found?.id) throw new FhirFailure('transient', 'The EHR did not say which patient record it holds. It will be tried again.');
  const mapping: Mapping = { reference: `Patient/${found.id}`, system: '', code: '', display: '' };
  inWriteTransaction(ctx.db, () => {
    const now = ctx.clock.now();
    writeMapping(ctx.db, 'patient', patientId, mapping, now);
    recordAudit(ctx.db, ctx.actor, now, {
      action: created ? 'ehr.patient_registered' : 'ehr.patient_linked',
      entityType: 'patient',
      entityId: patientId,
      details: { ehrReference: mapping.reference },
    });
  });
  return mapping;
}
