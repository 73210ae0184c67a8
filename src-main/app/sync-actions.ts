import { AppError } from '../../src-shared/domain/errors';
import type { SyncStatusDto } from '../../src-shared/domain/calendar';
import type { ConflictSettledDto, HubSettingsDto, SyncAttentionDto } from '../../src-shared/domain/sync';
import { hubConnectionInput, type HubConnection, type HubConnectionInput, type ResolveConflictInput } from '../../src-shared/schemas/sync';
import { recordAudit } from '../core/audit/audit';
import type { ReadDb } from '../core/db/open';
import { inWriteTransaction } from '../core/db/transaction';
import { fieldError, parseInput } from '../core/validation';
import { settleConflict } from '../sync/settle-conflict';
import { SyncEngine } from '../sync/engine';
import { HUB_PASSWORD_MASK, readHubConnection, redactHubUrl, writeHubConnection } from '../sync/hub-settings';
import { dropRow, listAttention, retryRow } from '../sync/queue';
import { readSyncStatus } from '../sync/status';
import type { AppServices } from './services';

/**
 * What the desk does about sync: the hub connection settings, "Try now",
 * settling conflicts, and the retry / set-aside actions on rows that need
 * attention. The password is write-only: the settings screen gets the address
 * with it masked, and saving the masked address keeps the stored password.
 */


export function hubSettingsOf(db: ReadDb): HubSettingsDto {
  const conn = readHubConnection(db);
  if (!conn) return { configured: false, url: '', tls: 'verify-full', hasCa: false };
  return { configured: true, url: redactHubUrl(conn.url), tls: conn.tls, hasCa: conn.ca !== null };
}

/**
 * The settings as entered, with a masked password replaced by the stored one
 * — only when the address names the same server, port, user and database as
 * the saved one: a masked address pointed elsewhere must not carry the
 * stored password there.
 */
function withStoredSecret(db: ReadDb, input: HubConnectionInput): HubConnection {
  const conn = parseInput(hubConnectionInput, input);
  if (conn.url === '' || passwordOf(conn.url) !== HUB_PASSWORD_MASK) return conn;
  const stored = readHubConnection(db);
  if (!stored) throw fieldError('url', 'Enter the hub password.');
  const entered = new URL(conn.url);
  const saved = new URL(stored.url);
  if (hubIdentity(entered) !== hubIdentity(saved)) {
    throw fieldError('url', 'Type the hub password again: this address names another server, user or database than the saved one.');
  }
  entered.password = saved.password;
  return { ...conn, url: entered.toString(), ca: conn.ca ?? stored.ca };
}

/**
 * Server, port, user and database of a hub address. Its query is part of it:
 * PostgreSQL clients read `?host=`, `?user=`… there as well.
 */
function hubIdentity(u: URL): string {
  const part = (s: string): string => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  return JSON.stringify([u.hostname.toLowerCase(), u.port || '5432', part(u.username), part(u.pathname.replace(/^\//, '')), u.search]);
}

function passwordOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return '';
  }
}

export async function testHubSettings(db: ReadDb, input: HubConnectionInput): Promise<{ ok: true }> {
  const conn = withStoredSecret(db, input);
  if (conn.url === '') throw fieldError('url', 'Enter the hub address to test.');
  await SyncEngine.testConnection(conn);
  return { ok: true };
}

export async function saveHubSettings(services: AppServices, input: HubConnectionInput): Promise<HubSettingsDto> {
  const ctx = services.core();
  const conn = withStoredSecret(ctx.db, input);
  inWriteTransaction(ctx.db, () => {
    writeHubConnection(ctx.db, conn);
    recordAudit(ctx.db, ctx.actor, ctx.clock.now(), {
      action: 'sync.hub_settings',
      entityType: 'settings',
      entityId: null,
      details: { configured: conn.url !== '', tls: conn.tls },
    });
  });
  services.logger.info('sync.hub_settings_saved', { configured: conn.url !== '' });
  await services.sync.restart();
  services.events.emit('sync/status', readSyncStatus(ctx.db));
  return hubSettingsOf(ctx.db);
}

export function listAttentionRows(db: ReadDb): SyncAttentionDto[] {
  return listAttention(db).map((r) => ({
    seq: r.seq,
    entityType: r.entityType,
    operation: r.operation,
    attempts: r.attempts,
    lastError: r.lastError,
    createdAt: r.createdAt,
  }));
}

function attentionAction(services: AppServices, seq: number, action: 'retry' | 'set-aside'): null {
  const ctx = services.core();
  inWriteTransaction(ctx.db, () => {
    const now = ctx.clock.now();
    const done = action === 'retry' ? retryRow(ctx.db, seq, now) : dropRow(ctx.db, seq, now);
    if (!done) throw new AppError('NOT_FOUND', 'This change no longer needs attention. The list has been refreshed.');
    recordAudit(ctx.db, ctx.actor, now, { action: `sync.${action}`, entityType: 'outbox', entityId: String(seq) });
  });
  services.sync.kick();
  services.events.emit('sync/status', readSyncStatus(ctx.db));
  return null;
}

export const retryAttention = (services: AppServices, seq: number): null => attentionAction(services, seq, 'retry');
export const setAsideAttention = (services: AppServices, seq: number): null => attentionAction(services, seq, 'set-aside');

/** How long "Try now" waits for its attempt before answering with the status as it is. */
const TRY_NOW_WAIT_MS = 8_000;

/** The desk's "Try now": reach the hub at once instead of at the next probe; answers with the status after the attempt. */
export async function tryHubNow(services: AppServices): Promise<SyncStatusDto> {
  await services.sync.tryNow(TRY_NOW_WAIT_MS);
  const status = readSyncStatus(services.core().db);
  services.events.emit('sync/status', status);
  return status;
}

/** Settles a conflict, confirmed by the hub while it is reachable (sync/settle-conflict.ts); the indicator follows either way. */
export async function settleConflictAtDesk(services: AppServices, input: ResolveConflictInput): Promise<ConflictSettledDto> {
  const ctx = services.core();
  try {
    return await settleConflict(ctx, services.sync, input);
  } finally {
    services.events.emit('sync/status', readSyncStatus(ctx.db));
  }
}
