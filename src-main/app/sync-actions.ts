import { AppError } from '../../src-shared/domain/errors';
import type { HubSettingsDto, SyncAttentionDto } from '../../src-shared/domain/sync';
import { hubConnectionInput, type HubConnection, type HubConnectionInput } from '../../src-shared/schemas/sync';
import { recordAudit } from '../core/audit/audit';
import type { ReadDb } from '../core/db/open';
import { inWriteTransaction } from '../core/db/transaction';
import { fieldError } from '../core/patients/field-error';
import { parseInput } from '../core/validation';
import { SyncEngine } from '../sync/engine';
import { HUB_PASSWORD_MASK, readHubConnection, redactHubUrl, writeHubConnection } from '../sync/hub-settings';
import { dropRow, listAttention, retryRow } from '../sync/queue';
import { readSyncStatus } from '../sync/status';
import type { AppServices } from './services';

/**
 * What the desk does about sync (issue 5): the hub connection settings, and
 * the retry / set-aside actions on rows that need attention. The password is
 * write-only: the settings screen gets the address with it masked, and saving
 * the masked address keeps the stored password.
 */


export function hubSettingsOf(db: ReadDb): HubSettingsDto {
  const conn = readHubConnection(db);
  if (!conn) return { configured: false, url: '', tls: 'verify-full', hasCa: false };
  return { configured: true, url: redactHubUrl(conn.url), tls: conn.tls, hasCa: conn.ca !== null };
}

/** The settings as entered, with a masked password replaced by the stored one. */
function withStoredSecret(db: ReadDb, input: HubConnectionInput): HubConnection {
  const conn = parseInput(hubConnectionInput, input);
  if (conn.url === '' || passwordOf(conn.url) !== HUB_PASSWORD_MASK) return conn;
  const stored = readHubConnection(db);
  if (!stored) throw fieldError('url', 'Enter the hub password.');
  const entered = new URL(conn.url);
  entered.password = new URL(stored.url).password;
  return { ...conn, url: entered.toString(), ca: conn.ca ?? stored.ca };
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
