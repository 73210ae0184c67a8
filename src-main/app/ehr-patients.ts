import type { EhrPatientMatchDto } from '../../src-shared/domain/ehr';
import { AppError } from '../../src-shared/domain/errors';
import type { PatientId } from '../../src-shared/domain/ids';
import type { Patient as LocalPatient } from '../../src-shared/domain/patients';
import { ehrPatientImportInput, ehrPatientLookupInput, type EhrPatientImportInput, type EhrPatientLookupInput } from '../../src-shared/schemas/ehr';
import { recordAudit } from '../core/audit/audit';
import type { CoreContext } from '../core/context';
import { inWriteTransaction } from '../core/db/transaction';
import { createPatient, getPatient } from '../core/patients';
import { parseInput } from '../core/validation';
import { FhirClient } from '../sync/adapters/fhir/client';
import { FhirFailure } from '../sync/adapters/fhir/failure';
import type { Patient } from '../sync/adapters/fhir/resources';
import { credentialsOf, patientOfReference, readEhrConnection, writeMapping } from '../sync/adapters/fhir/store';

/**
 * "Found in the EHR: import and book". When the desk finds nobody locally, a
 * receptionist looks the patient up in the EHR by name and birth date; a
 * match is imported as a local patient linked to the EHR record, so the
 * visit booked next goes to the EHR with that Patient. Both the look-up
 * (that it ran and how many it found) and the import are audited.
 */
const MAX_MATCHES = 20;

function clientOf(ctx: CoreContext): FhirClient {
  const conn = readEhrConnection(ctx.db);
  if (!conn) throw new AppError('NOT_FOUND', 'No EHR is connected to this desk.');
  return new FhirClient({ baseUrl: conn.baseUrl, credentials: credentialsOf(ctx.db, conn) });
}

function failureError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  const f = e instanceof FhirFailure ? e : null;
  if (f?.kind === 'refused') return new AppError('EHR_REFUSED', 'The EHR refused this desk’s sign-in. A manager can check it in Sync › EHR.');
  if (f?.kind === 'gone') return new AppError('NOT_FOUND', 'The EHR no longer has this patient record.');
  return new AppError('EHR_UNREACHABLE', 'The EHR cannot be reached right now. Try again in a moment, or register the patient here.');
}

interface Demographics {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  phone: string | null;
  email: string | null;
}

/** A Patient's name, birth date and first phone / e-mail; null when it lacks a name or a birth date. */
function demographicsOf(p: Patient): Demographics | null {
  const name = p.name?.find((n) => n.use === 'official') ?? p.name?.[0];
  const given = (name?.given ?? []).join(' ').trim();
  const family = (name?.family ?? '').trim();
  if (!family || !given || typeof p.birthDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(p.birthDate)) return null;
  const contact = (system: string): string | null => p.telecom?.find((t) => t.system === system && typeof t.value === 'string')?.value ?? null;
  return { givenName: given, familyName: family, dateOfBirth: p.birthDate, phone: contact('phone'), email: contact('email') };
}

export async function findEhrPatients(ctx: CoreContext, input: EhrPatientLookupInput): Promise<EhrPatientMatchDto[]> {
  const q = parseInput(ehrPatientLookupInput, input);
  const params = new URLSearchParams({ family: q.familyName, birthdate: q.dateOfBirth, _count: String(MAX_MATCHES) });
  if (q.givenName) params.set('given', q.givenName);
  let found: Patient[];
  try {
    found = await clientOf(ctx).search<Patient>('Patient', params, undefined, MAX_MATCHES);
  } catch (e) {
    throw failureError(e);
  }
  const matches = found.flatMap((p): EhrPatientMatchDto[] => {
    const d = p.id ? demographicsOf(p) : null;
    if (!d || d.dateOfBirth !== q.dateOfBirth) return [];
    const reference = `Patient/${p.id!}`;
    const identifiers = (p.identifier ?? []).flatMap((i) => (i.value && !i.system?.startsWith('urn:frontdesk:') ? [`${i.type?.text ?? 'ID'} ${i.value}`] : []));
    return [{ reference, givenName: d.givenName, familyName: d.familyName, dateOfBirth: d.dateOfBirth, phone: d.phone, identifiers, localPatientId: patientOfReference(ctx.db, reference) as PatientId | null }];
  });
  recordAudit(ctx.db, ctx.actor, ctx.clock.now(), { action: 'ehr.patient_lookup', entityType: 'patient', entityId: null, details: { found: matches.length } });
  return matches;
}

/** Imports an EHR patient as a local one linked to it (an already-imported one is answered as it is). */
export async function importEhrPatient(ctx: CoreContext, input: EhrPatientImportInput): Promise<LocalPatient> {
  const { reference } = parseInput(ehrPatientImportInput, input);
  const known = patientOfReference(ctx.db, reference);
  let resource: Patient | null;
  try {
    resource = known ? null : (await clientOf(ctx).read<Patient>('Patient', reference.slice('Patient/'.length))).resource;
  } catch (e) {
    throw failureError(e);
  }
  return inWriteTransaction(ctx.db, () => {
    const linked = patientOfReference(ctx.db, reference);
    if (linked) return getPatient(ctx, { id: linked }); // audited as a read of the record
    const d = resource ? demographicsOf(resource) : null;
    if (!d) throw new AppError('VALIDATION', 'The EHR’s record has no full name or birth date, so it cannot be imported. Register the patient here.');
    // The EHR's phone or e-mail may not fit the desk's rules; the name and birth date are what matter for booking.
    let patient: LocalPatient;
    try {
      patient = createPatient(ctx, { ...d });
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== 'VALIDATION') throw e;
      patient = createPatient(ctx, { givenName: d.givenName, familyName: d.familyName, dateOfBirth: d.dateOfBirth });
    }
    const now = ctx.clock.now();
    writeMapping(ctx.db, 'patient', patient.id, { reference, system: '', code: '', display: '' }, now);
    recordAudit(ctx.db, ctx.actor, now, { action: 'ehr.patient_import', entityType: 'patient', entityId: patient.id, details: { ehrReference: reference } });
    return patient;
  });
}
