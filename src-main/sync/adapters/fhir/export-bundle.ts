import type { ReadDb } from '@main/core/db/open';
import { prepared } from '@main/core/db/prepared';
import { appointmentOf, readVisitMappings, type VisitRow } from './appointment';
import { APPOINTMENT_ID_SYSTEM, PATIENT_ID_SYSTEM, type FhirBundle, type FhirResource } from './resources';
import type { Mapping } from './store';
import { NPI_SYSTEM } from './suggestions';

/**
 * A day or range of visits as one FHIR transaction Bundle, for EHRs that
 * import files. Each visit is a conditional create of its Appointment (on
 * Frontdesk's identifier, so importing the file twice books nothing twice).
 * Its references go to the EHR's own resources where mapped; a patient,
 * provider or location the EHR does not know yet travels in the Bundle too
 * (conditional create on an identifier — the NPI for a provider — and a
 * urn:uuid reference inside the Bundle). Cancelled visits and no-shows go
 * with their status, like the live push; notes never.
 */
const PROVIDER_ID_SYSTEM = 'urn:frontdesk:provider-id';
const LOCATION_ID_SYSTEM = 'urn:frontdesk:location-id';

interface Entry {
  fullUrl: string;
  resource: FhirResource;
  request: { method: 'POST'; url: string; ifNoneExist: string };
}

export function appointmentBundle(db: ReadDb, from: number, to: number): { bundle: FhirBundle; visits: number } {
  const visits = prepared<VisitRow>(
    db,
    `SELECT id, patient_id AS patientId, provider_id AS providerId, location_id AS locationId, room_id AS roomId, type_id AS typeId,
            start_at AS startAt, end_at AS endAt, status, note FROM appointments WHERE start_at >= ? AND start_at < ? ORDER BY start_at, id`,
  ).all(from, to);
  const entries = new Map<string, Entry>();
  const local = (kind: string, id: string, resource: FhirResource, system: string, value: string): Mapping => {
    const fullUrl = `urn:uuid:${id}`;
    if (!entries.has(`${kind}/${id}`)) {
      entries.set(`${kind}/${id}`, {
        fullUrl,
        resource,
        request: { method: 'POST', url: resource.resourceType, ifNoneExist: `identifier=${encodeURIComponent(`${system}|${value}`)}` },
      });
    }
    return { reference: fullUrl, system: '', code: '', display: '' };
  };
  const out: Entry[] = [];
  for (const v of visits) {
    const m = readVisitMappings(db, v);
    const patient =
      m.patient ??
      (() => {
        const p = prepared<{ given: string; family: string; dob: string }>(db, `SELECT given_name AS given, family_name AS family, date_of_birth AS dob FROM patients WHERE id = ?`).get(v.patientId)!;
        return local('Patient', v.patientId, { resourceType: 'Patient', identifier: [{ system: PATIENT_ID_SYSTEM, value: v.patientId }], name: [{ family: p.family, given: [p.given] }], birthDate: p.dob } as FhirResource, PATIENT_ID_SYSTEM, v.patientId);
      })();
    const provider =
      m.provider ??
      (() => {
        const p = prepared<{ name: string; npi: string | null }>(db, `SELECT name, npi FROM providers WHERE id = ?`).get(v.providerId)!;
        const [system, value] = p.npi ? [NPI_SYSTEM, p.npi] : [PROVIDER_ID_SYSTEM, v.providerId];
        return local('Practitioner', v.providerId, { resourceType: 'Practitioner', identifier: [{ system, value }], name: [{ text: p.name }] } as FhirResource, system, value);
      })();
    const location =
      m.location ??
      (() => {
        const name = prepared<string>(db, `SELECT name FROM locations WHERE id = ?`).pluck().get(v.locationId)!;
        return local('Location', v.locationId, { resourceType: 'Location', identifier: [{ system: LOCATION_ID_SYSTEM, value: v.locationId }], name } as FhirResource, LOCATION_ID_SYSTEM, v.locationId);
      })();
    const typeName = prepared<string>(db, `SELECT name FROM appointment_types WHERE id = ?`).pluck().get(v.typeId) ?? '';
    const appointment = appointmentOf(v, { ...m, patient, provider, location, type: m.type ?? { reference: '', system: '', code: '', display: typeName } }, false);
    if (!m.type) appointment.serviceType = [{ text: typeName }];
    out.push({
      fullUrl: `urn:uuid:${v.id}`,
      resource: appointment,
      request: { method: 'POST', url: 'Appointment', ifNoneExist: `identifier=${encodeURIComponent(`${APPOINTMENT_ID_SYSTEM}|${v.id}`)}` },
    });
  }
  // Referenced resources first: some servers resolve urn:uuid references in entry order.
  return { bundle: { resourceType: 'Bundle', type: 'transaction', entry: [...entries.values(), ...out] }, visits: visits.length };
}
