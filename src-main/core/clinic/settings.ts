import {
  clinicSettingsSchema,
  updateClinicSettingsInput,
  type ClinicSettings,
  type UpdateClinicSettingsInput,
} from '@shared/schemas/clinic';
import { AppError } from '@shared/domain/errors';
import type { CoreContext } from '../context';
import type { ReadDb, WriteDb } from '../db/open';
import { prepared } from '../db/prepared';
import { inWriteTransaction } from '../db/transaction';
import { newId } from '../ids';
import { parseInput } from '../validation';
import { recordAudit } from '../audit/audit';

/**
 * Clinic settings live in `settings` as one row per key (JSON value). Keys
 * never written take their defaults, so adding a setting needs no migration.
 */
export function getClinicSettings(db: ReadDb): ClinicSettings {
  const rows = prepared<{ key: string; value: string }>(db, `SELECT key, value FROM settings ORDER BY key`).all();
  // Every booking reads the settings: parse them again only when the stored text changed.
  const raw = rows.map((r) => `${r.key}=${r.value}`).join('\n');
  const hit = parsed.get(db);
  if (hit?.raw === raw) return copy(hit.settings);
  const stored: Record<string, unknown> = {};
  for (const row of rows) {
    if (row.key in clinicSettingsSchema.shape) stored[row.key] = JSON.parse(row.value) as unknown;
  }
  const r = clinicSettingsSchema.safeParse(stored);
  if (!r.success) {
    throw new AppError('INTERNAL', 'The clinic settings on this workstation are damaged. Ask your administrator to check them.', {
      keys: r.error.issues.map((i) => i.path.join('.')),
    });
  }
  parsed.set(db, { raw, settings: r.data });
  return copy(r.data);
}

const parsed = new WeakMap<ReadDb, { raw: string; settings: ClinicSettings }>();
const copy = (s: ClinicSettings): ClinicSettings => ({ ...s, reminderOffsetsMin: [...s.reminderOffsetsMin] });

/** Changes the given settings; the audit row lists which keys changed (settings are local, not synced). */
export function updateClinicSettings(ctx: CoreContext, input: UpdateClinicSettingsInput): ClinicSettings {
  const patch = parseInput(updateClinicSettingsInput, input);
  const at = ctx.clock.now();
  const keys = Object.keys(patch).filter((k) => patch[k as keyof typeof patch] !== undefined);
  const settings = inWriteTransaction(ctx.db, () => {
    const feedBefore = getClinicSettings(ctx.db).updateFeedUrl;
    for (const key of keys) writeSetting(ctx.db, key, patch[key as keyof typeof patch]);
    recordAudit(ctx.db, ctx.actor, at, { action: 'settings.update', entityType: 'settings', entityId: null, details: { keys } });
    // The update feed decides what code the desks run: who pointed it where is kept.
    if (patch.updateFeedUrl !== undefined && patch.updateFeedUrl !== feedBefore) {
      recordAudit(ctx.db, ctx.actor, at, {
        action: 'settings.update_feed',
        entityType: 'settings',
        entityId: 'updateFeedUrl',
        details: { from: withoutCredentials(feedBefore), to: patch.updateFeedUrl },
      });
    }
    return getClinicSettings(ctx.db);
  });
  ctx.events.emit('clinic/changed', { entity: 'settings', ids: keys });
  return settings;
}

/** An address as it may be kept in the audit trail: any user name or password in it left out. */
function withoutCredentials(url: string | null): string | null {
  if (url === null) return null;
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return null;
  }
}

/**
 * This workstation's stable id: assigned (UUIDv7) on first call and kept.
 * The app calls it at start-up to build the Actor recorded on audit rows.
 */
export function ensureDeviceId(db: WriteDb): string {
  return inWriteTransaction(db, () => {
    const current = getClinicSettings(db).deviceId;
    if (current !== '') return current;
    const id = newId<string>();
    writeSetting(db, 'deviceId', id);
    return id;
  });
}

/** One `settings` row's value (JSON), or undefined when it was never written. */
export function readSetting(db: ReadDb, key: string): unknown {
  const raw = prepared<string>(db, `SELECT value FROM settings WHERE key = ?`).pluck().get(key);
  return raw === undefined ? undefined : (JSON.parse(raw) as unknown);
}

/** Writes one `settings` row (JSON). Workstation-local keys (hub connection, role, secrets) use it too. */
export function writeSetting(db: WriteDb, key: string, value: unknown): void {
  prepared(db, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(
    key,
    JSON.stringify(value),
  );
}
