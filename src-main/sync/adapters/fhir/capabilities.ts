import type { EhrCapabilityLine } from '@shared/domain/ehr';

/**
 * What the EHR's CapabilityStatement (GET /metadata) says it supports, kept
 * with the connection, and the same in plain words for the manager. A server
 * without a CapabilityStatement is treated cautiously: search before create,
 * and whatever each answer says.
 */
export interface Capabilities {
  fhirVersion: string | null;
  software: string | null;
  /** Per resource type: its interactions, conditional create, versioned updates. */
  resources: Record<string, { interactions: string[]; conditionalCreate: boolean; versioned: boolean; searchParams: string[] }>;
}

const TYPES = ['Appointment', 'Patient', 'Practitioner', 'PractitionerRole', 'Location', 'Schedule', 'Slot'] as const;

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export function readCapabilities(statement: unknown): Capabilities | null {
  const cs = statement as Record<string, unknown> | null;
  if (!cs || cs.resourceType !== 'CapabilityStatement') return null;
  const server = arr(cs.rest).find((r) => (r as { mode?: unknown }).mode === 'server') as Record<string, unknown> | undefined;
  const resources: Capabilities['resources'] = {};
  for (const r of arr(server?.resource)) {
    const res = r as Record<string, unknown>;
    const type = str(res.type);
    if (!type) continue;
    resources[type] = {
      interactions: arr(res.interaction).flatMap((i) => str((i as { code?: unknown }).code) ?? []),
      conditionalCreate: res.conditionalCreate === true,
      versioned: res.versioning === 'versioned-update',
      searchParams: arr(res.searchParam).flatMap((p) => str((p as { name?: unknown }).name) ?? []),
    };
  }
  const software = cs.software as { name?: unknown; version?: unknown } | undefined;
  return {
    fhirVersion: str(cs.fhirVersion),
    software: str(software?.name) ? `${String(software!.name)}${str(software?.version) ? ` ${String(software!.version)}` : ''}` : null,
    resources,
  };
}

/** Whether the server promises conditional create for Appointments and Patients (else: search, then create). */
export const conditionalCreateOf = (caps: Capabilities | null, type: string): boolean => caps?.resources[type]?.conditionalCreate === true;

/** The report for "Test connection": what works, what does not, and what that means for the desk. */
export function describeCapabilities(caps: Capabilities | null): EhrCapabilityLine[] {
  if (!caps) {
    return [
      {
        tone: 'warning',
        text: 'The EHR does not publish what it supports (no /metadata). The desk will search before creating each appointment so nothing is booked twice, and will report what the EHR refuses.',
      },
    ];
  }
  const lines: EhrCapabilityLine[] = [];
  if (!caps.fhirVersion?.startsWith('4.0')) {
    lines.push({ tone: 'problem', text: `The EHR speaks FHIR ${caps.fhirVersion ?? 'of an unknown version'}; Frontdesk speaks FHIR R4 (4.0). Visits may be refused.` });
  }
  const has = (type: string, interaction: string): boolean => caps.resources[type]?.interactions.includes(interaction) ?? false;
  const appt = caps.resources.Appointment;
  if (!appt || !has('Appointment', 'create')) {
    lines.push({ tone: 'problem', text: 'The EHR does not accept new appointments: visits cannot be sent to it.' });
  } else {
    lines.push({ tone: 'ok', text: 'Appointments can be created: new visits will be sent.' });
    lines.push(
      has('Appointment', 'update')
        ? { tone: 'ok', text: 'Appointments can be updated: moves, cancellations, arrivals and no-shows will follow.' }
        : { tone: 'problem', text: 'Appointments cannot be updated: changes after booking will not reach the EHR.' },
    );
    lines.push(
      appt.conditionalCreate
        ? { tone: 'ok', text: 'Conditional create is supported: a visit sent twice is never booked twice.' }
        : { tone: 'warning', text: 'Conditional create is not supported: duplicates are prevented by searching before each create.' },
    );
    lines.push(
      appt.versioned
        ? { tone: 'ok', text: 'Versioned updates: a change made in the EHR meanwhile is never overwritten; the desk shows it as a conflict.' }
        : { tone: 'warning', text: 'Updates are not versioned: a change made in the EHR meanwhile may be overwritten by the desk’s.' },
    );
  }
  lines.push(
    has('Patient', 'search-type')
      ? { tone: 'ok', text: 'Patients can be looked up by name and birth date when the desk finds no one locally.' }
      : { tone: 'warning', text: 'Patients cannot be searched: the desk cannot look patients up in the EHR.' },
  );
  const busy = has('Appointment', 'search-type') || (has('Slot', 'search-type') && has('Schedule', 'search-type'));
  lines.push(
    busy
      ? { tone: 'ok', text: 'The EHR’s own bookings can be read: the desk keeps those times free.' }
      : { tone: 'warning', text: 'The EHR’s own bookings cannot be read: times booked in the EHR are not kept free here.' },
  );
  const suggest = has('Practitioner', 'search-type') || has('PractitionerRole', 'search-type');
  if (!suggest) lines.push({ tone: 'warning', text: 'Practitioners cannot be listed: mappings are entered by hand.' });
  for (const t of TYPES) if (!caps.resources[t] && (t === 'Appointment' || t === 'Patient')) lines.push({ tone: 'problem', text: `The EHR lists no ${t} resource.` });
  return lines;
}
