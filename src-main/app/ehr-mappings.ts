import type { EhrMappingRowDto, EhrMappingsDto, EhrTargetDto } from '../../src-shared/domain/ehr';
import { AppError } from '../../src-shared/domain/errors';
import { ehrMappingInput, type EhrMappingInput } from '../../src-shared/schemas/ehr';
import { recordAudit } from '../core/audit/audit';
import type { CoreContext } from '../core/context';
import type { ReadDb } from '../core/db/open';
import { prepared } from '../core/db/prepared';
import { inWriteTransaction } from '../core/db/transaction';
import { fieldError, parseInput } from '../core/validation';
import { FhirClient } from '../sync/adapters/fhir/client';
import { FhirFailure } from '../sync/adapters/fhir/failure';
import type { FhirResource, HumanName, Identifier } from '../sync/adapters/fhir/resources';
import { credentialsOf, readEhrConnection, readMappings, writeMapping, type Mapping } from '../sync/adapters/fhir/store';
import { namesOf, NPI_SYSTEM, suggestLocation, suggestPractitioner, suggestTypeCoding, type EhrLocation, type EhrPractitioner } from '../sync/adapters/fhir/suggestions';
import type { EhrServices } from './ehr-connection';

/**
 * The mapping screen: every active provider, location, room and type with its
 * EHR counterpart, a suggestion where there is none (read from the EHR's
 * Practitioners, PractitionerRoles and Locations: NPI, names), and how many
 * visits wait for it. Saving a mapping sends the visits that waited.
 */
const EHR_LIST_LIMIT = 500;

interface EhrDirectory {
  practitioners: EhrPractitioner[];
  locations: EhrLocation[];
}

async function readDirectory(ctx: CoreContext): Promise<EhrDirectory> {
  const conn = readEhrConnection(ctx.db);
  if (!conn) return { practitioners: [], locations: [] };
  const client = new FhirClient({ baseUrl: conn.baseUrl, credentials: credentialsOf(ctx.db, conn) });
  const list = <T extends FhirResource>(type: string) => client.search<T>(type, new URLSearchParams({ _count: '200' }), undefined, EHR_LIST_LIMIT);
  type Practitioner = FhirResource & { identifier?: Identifier[]; name?: HumanName[] };
  type Role = FhirResource & { practitioner?: { reference?: string; display?: string }; code?: Array<{ text?: string }> };
  type Location = FhirResource & { name?: string; partOf?: { reference?: string } };
  const [practitioners, locations] = await Promise.all([list<Practitioner>('Practitioner'), list<Location>('Location')]);
  // Roles are optional on many servers: a refusal there only means fewer choices.
  const roles = await list<Role>('PractitionerRole').catch((e: unknown) => {
    if (e instanceof FhirFailure && (e.kind === 'rejected' || e.kind === 'gone' || e.kind === 'refused')) return [] as Role[];
    throw e;
  });
  const byRef = new Map(practitioners.map((p) => [`Practitioner/${p.id ?? ''}`, p]));
  const out: EhrPractitioner[] = practitioners.flatMap((p) =>
    p.id ? [{ reference: `Practitioner/${p.id}`, npi: p.identifier?.find((i) => i.system === NPI_SYSTEM)?.value ?? null, names: namesOf(p.name) }] : [],
  );
  for (const r of roles) {
    if (!r.id) continue;
    const who = r.practitioner?.reference ? byRef.get(r.practitioner.reference) : undefined;
    const names = who ? namesOf(who.name) : r.practitioner?.display ? [r.practitioner.display] : [];
    const what = r.code?.[0]?.text;
    out.push({ reference: `PractitionerRole/${r.id}`, npi: null, names: names.map((n) => (what ? `${n} (${what})` : n)) });
  }
  return {
    practitioners: out,
    locations: locations.flatMap((l) => (l.id && l.name ? [{ reference: `Location/${l.id}`, name: l.name, partOf: l.partOf?.reference ?? null }] : [])),
  };
}

const asTarget = (m: Mapping | undefined): EhrTargetDto | null => (m ? { ...m, reason: null } : null);

function blockedCounts(db: ReadDb, column: string): Map<string, number> {
  const rows = prepared<{ id: string; n: number }>(
    db,
    `SELECT a.${column} AS id, COUNT(*) AS n FROM ehr_push_queue q JOIN appointments a ON a.id = q.appointment_id
      WHERE q.state = 'needs-mapping' AND a.${column} IS NOT NULL GROUP BY a.${column}`,
  ).all();
  return new Map(rows.map((r) => [r.id, r.n]));
}

export async function listEhrMappings(ctx: CoreContext): Promise<EhrMappingsDto> {
  const db = ctx.db;
  let directory: EhrDirectory = { practitioners: [], locations: [] };
  let problem: string | null = readEhrConnection(db) ? null : 'No EHR is connected: connect one to see suggestions.';
  if (!problem) {
    try {
      directory = await readDirectory(ctx);
    } catch (e) {
      problem = `The EHR’s practitioners and locations could not be read, so there are no suggestions. ${e instanceof FhirFailure ? e.message : ''}`.trim();
    }
  }
  const mapped = {
    provider: readMappings(db, 'provider'),
    location: readMappings(db, 'location'),
    room: readMappings(db, 'room'),
    type: readMappings(db, 'type'),
  };
  const rows: EhrMappingRowDto[] = [];
  const blockedProviders = blockedCounts(db, 'provider_id');
  for (const p of prepared<{ id: string; name: string; npi: string | null }>(db, `SELECT id, name, npi FROM providers WHERE active = 1 ORDER BY name, id`).all()) {
    const m = mapped.provider.get(p.id);
    rows.push({ kind: 'provider', localId: p.id, localName: p.name, context: null, mapped: asTarget(m), suggestion: m ? null : suggestPractitioner(p, directory.practitioners), blockedVisits: m ? 0 : (blockedProviders.get(p.id) ?? 0) });
  }
  const blockedLocations = blockedCounts(db, 'location_id');
  const locations = prepared<{ id: string; name: string }>(db, `SELECT id, name FROM locations ORDER BY name, id`).all();
  for (const l of locations) {
    const m = mapped.location.get(l.id);
    rows.push({ kind: 'location', localId: l.id, localName: l.name, context: null, mapped: asTarget(m), suggestion: m ? null : suggestLocation(l.name, directory.locations), blockedVisits: m ? 0 : (blockedLocations.get(l.id) ?? 0) });
  }
  const locationName = new Map(locations.map((l) => [l.id, l.name]));
  for (const r of prepared<{ id: string; name: string; locationId: string }>(db, `SELECT id, name, location_id AS locationId FROM rooms WHERE active = 1 ORDER BY name, id`).all()) {
    const m = mapped.room.get(r.id);
    const parent = mapped.location.get(r.locationId)?.reference ?? null;
    rows.push({ kind: 'room', localId: r.id, localName: r.name, context: locationName.get(r.locationId) ?? null, mapped: asTarget(m), suggestion: m ? null : suggestLocation(r.name, directory.locations, parent), blockedVisits: 0 });
  }
  const blockedTypes = blockedCounts(db, 'type_id');
  for (const t of prepared<{ id: string; name: string }>(db, `SELECT id, name FROM appointment_types WHERE active = 1 ORDER BY name, id`).all()) {
    const m = mapped.type.get(t.id);
    rows.push({ kind: 'type', localId: t.id, localName: t.name, context: null, mapped: asTarget(m), suggestion: m ? null : suggestTypeCoding(t.name), blockedVisits: m ? 0 : (blockedTypes.get(t.id) ?? 0) });
  }
  const choice = (reference: string, display: string): EhrTargetDto => ({ reference, system: '', code: '', display, reason: null });
  return {
    rows,
    practitioners: directory.practitioners.map((p) => choice(p.reference, p.names[0] ?? p.reference)),
    locations: directory.locations.map((l) => choice(l.reference, l.name)),
    problem,
  };
}

const TABLE: Record<EhrMappingInput['kind'], string> = { provider: 'providers', location: 'locations', room: 'rooms', type: 'appointment_types' };

export function saveEhrMapping(services: EhrServices, input: EhrMappingInput): null {
  const ctx = services.core();
  const m = parseInput(ehrMappingInput, input);
  if (prepared<number>(ctx.db, `SELECT 1 FROM ${TABLE[m.kind]} WHERE id = ?`).pluck().get(m.localId) !== 1) {
    throw new AppError('NOT_FOUND', 'This record no longer exists. The list has been refreshed.');
  }
  const t = m.target;
  if (t) {
    if (m.kind === 'type' && (t.system === '' || t.code === '')) throw fieldError('target.code', 'Enter the code system and the code the EHR uses for this type.');
    if (m.kind === 'provider' && !/^(Practitioner|PractitionerRole)\//.test(t.reference)) throw fieldError('target.reference', 'Choose the EHR’s practitioner (Practitioner/… or PractitionerRole/…).');
    if ((m.kind === 'location' || m.kind === 'room') && !t.reference.startsWith('Location/')) throw fieldError('target.reference', 'Choose the EHR’s location (Location/…).');
  }
  inWriteTransaction(ctx.db, () => {
    const now = ctx.clock.now();
    writeMapping(ctx.db, m.kind, m.localId, t ? { reference: m.kind === 'type' ? '' : t.reference, system: t.system, code: t.code, display: t.display } : null, now);
    recordAudit(ctx.db, ctx.actor, now, {
      action: t ? 'ehr.mapping_set' : 'ehr.mapping_removed',
      entityType: m.kind,
      entityId: m.localId,
      ...(t ? { details: { reference: t.reference, system: t.system, code: t.code } } : {}),
    });
  });
  services.ehr.refresh();
  return null;
}
