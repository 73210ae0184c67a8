import type { EhrProblemDto, EhrSettingsDto, EhrStatusDto, EhrTestReportDto } from '../../src-shared/domain/ehr';
import { AppError } from '../../src-shared/domain/errors';
import { ehrConnectionInput, type EhrConnectionInput } from '../../src-shared/schemas/ehr';
import { recordAudit } from '../core/audit/audit';
import type { CoreContext } from '../core/context';
import type { ReadDb } from '../core/db/open';
import { prepared } from '../core/db/prepared';
import { inWriteTransaction } from '../core/db/transaction';
import { fieldError, parseInput } from '../core/validation';
import { makeClientKey, publicJwksText } from '../sync/adapters/fhir/auth';
import { describeCapabilities, readCapabilities, type Capabilities } from '../sync/adapters/fhir/capabilities';
import { FhirClient } from '../sync/adapters/fhir/client';
import { FhirFailure } from '../sync/adapters/fhir/failure';
import {
  credentialsOf,
  queueCounts,
  readClientKey,
  readEhrConnection,
  removeEhrConnection,
  requeue,
  writeClientKey,
  writeEhrConnection,
  type EhrConnectionWrite,
} from '../sync/adapters/fhir/store';

/**
 * What Sync › EHR does with the connection: read it (secrets never leave
 * main), test it (GET /metadata in plain words, and one signed-in request),
 * save it (only after the test passed, so a typo never starts a loop of
 * refusals), remove it, and make the desk's SMART signing key. Visits the EHR
 * refused or that kept failing are listed and sent again from here.
 */
export interface EhrServices {
  core(): CoreContext;
  ehr: { restart(): Promise<void>; refresh(): void };
  /** The providers' busy time changed (connection removed): the grid refreshes. */
  onBusyChanged(providerIds: string[]): void;
}

function ehrStatusOf(db: ReadDb, now: number): EhrStatusDto {
  const conn = readEhrConnection(db);
  const counts = queueCounts(db);
  return {
    lastPushAt: conn?.lastPushAt ?? null,
    lastPullAt: conn?.lastPullAt ?? null,
    pending: counts.pending,
    needsMapping: counts['needs-mapping'],
    conflicts: counts.conflict,
    attention: counts.attention,
    problem: conn?.lastError ?? null,
    problemSince: conn?.lastErrorAt ?? null,
    busyCount: prepared<number>(db, `SELECT COUNT(*) FROM external_busy WHERE source LIKE 'fhir:%' AND end_at > ?`).pluck().get(now) ?? 0,
  };
}

export function ehrSettingsOf(ctx: CoreContext): EhrSettingsDto {
  const db = ctx.db;
  const conn = readEhrConnection(db);
  const key = readClientKey(db);
  return {
    connected: conn !== null,
    baseUrl: conn?.baseUrl ?? '',
    authKind: conn?.authKind ?? 'smart',
    clientId: conn?.clientId ?? '',
    tokenUrl: conn?.tokenUrl ?? '',
    scope: conn?.scope ?? '',
    username: conn?.username ?? '',
    hasSecret: (conn?.secret ?? '') !== '',
    publicJwks: key ? publicJwksText(key) : null,
    mode: conn?.mode ?? 'hybrid',
    batchMinutes: conn?.batchMinutes ?? 15,
    sendNotes: conn?.sendNotes ?? false,
    status: ehrStatusOf(db, ctx.clock.now()),
  };
}

/** The input as what would be stored; a `null` secret reuses the stored one only for the same server (and user). */
function connectionOf(db: ReadDb, input: EhrConnectionInput): Omit<EhrConnectionWrite, 'capabilities'> {
  const s = parseInput(ehrConnectionInput, input);
  const stored = readEhrConnection(db);
  const base = { baseUrl: s.baseUrl, mode: s.mode, batchMinutes: s.batchMinutes, sendNotes: s.sendNotes, clientId: '', tokenUrl: '', scope: '', username: '', secret: '' };
  const sameServer = stored !== null && new URL(stored.baseUrl).origin === new URL(s.baseUrl).origin && stored.authKind === s.auth.kind;
  switch (s.auth.kind) {
    case 'smart':
      if (!readClientKey(db)) throw fieldError('auth.clientId', 'Make this desk’s key first, and register its public key with the EHR.');
      return { ...base, authKind: 'smart', clientId: s.auth.clientId, tokenUrl: s.auth.tokenUrl, scope: s.auth.scope };
    case 'bearer': {
      const token = s.auth.token ?? (sameServer ? stored.secret : '');
      if (!token) throw fieldError('auth.token', sameServer ? 'Enter the access token.' : 'Enter the access token again: the EHR address changed.');
      return { ...base, authKind: 'bearer', secret: token };
    }
    case 'basic': {
      const password = s.auth.password ?? (sameServer && stored.username === s.auth.username ? stored.secret : '');
      if (!password) throw fieldError('auth.password', sameServer ? 'Enter the password again: the user name changed.' : 'Enter the password.');
      return { ...base, authKind: 'basic', username: s.auth.username, secret: password };
    }
  }
}

function testError(f: FhirFailure): AppError {
  if (f.kind === 'refused') return new AppError('EHR_REFUSED', `${f.message} Nothing was saved.`);
  if (f.kind === 'unreachable' || f.kind === 'transient') {
    return new AppError('EHR_UNREACHABLE', 'The EHR cannot be reached at this address. Check the address and this computer’s network, then try again. Nothing was saved.');
  }
  return fieldError('baseUrl', `The EHR did not answer as a FHIR server at this address${f.status ? ` (error ${f.status})` : ''}. Check the FHIR address. Nothing was saved.`);
}

async function probe(db: ReadDb, c: Omit<EhrConnectionWrite, 'capabilities'>): Promise<{ caps: Capabilities | null; report: EhrTestReportDto }> {
  const client = new FhirClient({ baseUrl: c.baseUrl, credentials: credentialsOf(db, c) });
  try {
    const caps = readCapabilities(await client.metadata());
    // /metadata is public: one signed-in read shows the credentials work.
    await client.search('Practitioner', new URLSearchParams({ _count: '1' }), undefined, 1);
    const lines = [{ tone: 'ok' as const, text: 'The EHR accepted this desk’s sign-in.' }, ...describeCapabilities(caps)];
    return { caps, report: { fhirVersion: caps?.fhirVersion ?? null, software: caps?.software ?? null, lines } };
  } catch (e) {
    throw testError(e instanceof FhirFailure ? e : new FhirFailure('unreachable', ''));
  }
}

export async function testEhrConnection(db: ReadDb, input: EhrConnectionInput): Promise<EhrTestReportDto> {
  return (await probe(db, connectionOf(db, input))).report;
}

export async function saveEhrConnection(services: EhrServices, input: EhrConnectionInput): Promise<EhrSettingsDto> {
  const ctx = services.core();
  const c = connectionOf(ctx.db, input);
  const { caps } = await probe(ctx.db, c);
  inWriteTransaction(ctx.db, () => {
    const now = ctx.clock.now();
    writeEhrConnection(ctx.db, { ...c, capabilities: caps }, now);
    recordAudit(ctx.db, ctx.actor, now, {
      action: 'ehr.connect',
      entityType: 'ehr',
      entityId: new URL(c.baseUrl).origin,
      details: { auth: c.authKind, mode: c.mode, batchMinutes: c.batchMinutes, sendNotes: c.sendNotes },
    });
  });
  await services.ehr.restart();
  return ehrSettingsOf(ctx);
}

export async function removeEhr(services: EhrServices): Promise<null> {
  const ctx = services.core();
  const { removed, providerIds } = inWriteTransaction(ctx.db, () => {
    const r = removeEhrConnection(ctx.db);
    if (r.removed) recordAudit(ctx.db, ctx.actor, ctx.clock.now(), { action: 'ehr.disconnect', entityType: 'ehr', entityId: null });
    return r;
  });
  if (!removed) throw new AppError('NOT_FOUND', 'No EHR is connected. The page has been refreshed.');
  await services.ehr.restart();
  if (providerIds.length > 0) services.onBusyChanged(providerIds);
  return null;
}

/** A new signing key for SMART Backend Services; the old one stops working once the EHR has the new public key. */
export async function makeEhrKey(services: EhrServices): Promise<EhrSettingsDto> {
  const ctx = services.core();
  const key = await makeClientKey();
  inWriteTransaction(ctx.db, () => {
    const now = ctx.clock.now();
    writeClientKey(ctx.db, key, now);
    recordAudit(ctx.db, ctx.actor, now, { action: 'ehr.key_made', entityType: 'ehr', entityId: key.keyId });
  });
  await services.ehr.restart();
  return ehrSettingsOf(ctx);
}

export function listEhrProblems(db: ReadDb): EhrProblemDto[] {
  return prepared<EhrProblemDto>(
    db,
    `SELECT q.appointment_id AS appointmentId, q.state, COALESCE(a.start_at, 0) AS startAt, COALESCE(p.name, '') AS providerName,
            COALESCE(q.last_error, '') AS message
       FROM ehr_push_queue q LEFT JOIN appointments a ON a.id = q.appointment_id LEFT JOIN providers p ON p.id = a.provider_id
      WHERE q.state IN ('conflict', 'attention') ORDER BY a.start_at, q.appointment_id`,
  ).all();
}

/**
 * Sends a visit again after a conflict or its 5 tries. After a conflict the
 * desk's version goes over the EHR's current one (still refused if the EHR
 * changes it again meanwhile): the person chose it, and the audit says so.
 */
export function retryEhrVisit(services: EhrServices, appointmentId: string): null {
  const ctx = services.core();
  inWriteTransaction(ctx.db, () => {
    prepared(
      ctx.db,
      `UPDATE ehr_appointments SET version_id = NULL
        WHERE appointment_id = ? AND EXISTS (SELECT 1 FROM ehr_push_queue WHERE appointment_id = ? AND state = 'conflict')`,
    ).run(appointmentId, appointmentId);
    if (!requeue(ctx.db, appointmentId)) throw new AppError('NOT_FOUND', 'This visit no longer waits for the EHR. The list has been refreshed.');
    recordAudit(ctx.db, ctx.actor, ctx.clock.now(), { action: 'ehr.visit_retry', entityType: 'appointment', entityId: appointmentId });
  });
  services.ehr.refresh();
  return null;
}
