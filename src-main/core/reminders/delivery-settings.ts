import { DateTime } from 'luxon';
import { AppError } from '@shared/domain/errors';
import type { AppointmentTypeId } from '@shared/domain/ids';
import type { ReminderDeliverySettingsDto, ReminderPreviewDto } from '@shared/domain/reminders';
import {
  previewReminderInput,
  reminderDeliverySchema,
  updateReminderDeliveryInput,
  type PreviewReminderInput,
  type EmailSettings,
  type ReminderDelivery,
  type SmsSettings,
  type UpdateReminderDeliveryInput,
} from '@shared/schemas/reminders';
import { recordAudit } from '../audit/audit';
import { getClinicSettings, readSetting as readSettingRow, writeSetting } from '../clinic/settings';
import type { CoreContext } from '../context';
import type { ReadDb, WriteDb } from '../db/open';
import { prepared } from '../db/prepared';
import { inWriteTransaction } from '../db/transaction';
import { reviewSecret, unwrapSecret, wrapSecret } from '../secrets/wrapped-secrets';
import { fieldError, parseInput } from '../validation';
import { assertNeutralTemplates, renderReminder, smsSegments, templateValues } from './templates';

/**
 * Reminder delivery settings: one settings row `reminderDelivery` (JSON) and
 * the secrets apart in `reminderSecrets`, so reads for the desk can never
 * include them by accident. Secrets are stored wrapped by the OS keychain
 * (core/secrets); they are never logged or sent to the renderer, which only
 * learns whether each one is set, and a stored one is kept only while the
 * server it was given for stays the same.
 */

const DELIVERY_KEY = 'reminderDelivery';
const SECRETS_KEY = 'reminderSecrets';

export interface ReminderSecrets {
  smtpPassword: string | null;
  smsToken: string | null;
}

const SECRET_FIELDS = ['smtpPassword', 'smsToken'] as const;

/** The row as stored: each secret wrapped (or plain, from before wrapping). */
function readStoredSecrets(db: ReadDb): ReminderSecrets {
  const raw = readSetting(db, SECRETS_KEY) as Partial<ReminderSecrets> | null;
  return { smtpPassword: raw?.smtpPassword ?? null, smsToken: raw?.smsToken ?? null };
}

function writeStoredSecrets(db: WriteDb, stored: ReminderSecrets): void {
  writeSetting(db, SECRETS_KEY, stored);
}

/** The secrets after opening the database (core/secrets reviewSecret): counts of rewritten and dropped ones. */
export function reviewStoredReminderSecrets(db: WriteDb): { rewritten: number; dropped: number } {
  const stored = readStoredSecrets(db);
  const done = { rewritten: 0, dropped: 0 };
  for (const field of SECRET_FIELDS) {
    const value = stored[field];
    if (value === null) continue;
    const review = reviewSecret(db, value);
    if (review.action === 'rewrite') {
      stored[field] = review.stored;
      done.rewritten++;
    } else if (review.action === 'drop') {
      stored[field] = null;
      done.dropped++;
    }
  }
  if (done.rewritten + done.dropped > 0) writeStoredSecrets(db, stored);
  return done;
}

/**
 * A stored secret after a save: one entered replaces it (empty or null
 * clears it); otherwise it stays, unless the server it was given for changed:
 * then it is dropped, or — when the new server needs one — the save is
 * refused at the field, so it never goes where it was not given for.
 */
function nextSecret(
  db: ReadDb,
  stored: string | null,
  entered: string | null | undefined,
  rule: { serverChanged: boolean; needed: boolean; field: string; message: string },
): string | null {
  if (entered !== undefined) return entered === null || entered === '' ? null : wrapSecret(db, entered);
  if (stored === null || !rule.serverChanged) return stored;
  if (rule.needed) throw fieldError(rule.field, rule.message);
  return null;
}

/**
 * Who a password is given to, and how: the mail server, the user name signing
 * in there, and the connection's security (sign-in over a plain connection
 * shows the password to the network).
 */
function smtpIdentity(email: EmailSettings | null): string | null {
  return email ? JSON.stringify([email.host.toLowerCase(), email.port, email.user, email.tls]) : null;
}

/** Who a gateway token is given to: the gateway's origin (and the account, for Twilio-style gateways). */
function smsIdentity(sms: SmsSettings | null): string | null {
  if (!sms) return null;
  return sms.kind === 'twilio' ? JSON.stringify(['twilio', new URL(sms.baseUrl).origin, sms.accountSid]) : JSON.stringify(['webhook', new URL(sms.url).origin]);
}

export function getReminderDelivery(db: ReadDb): ReminderDelivery {
  const raw = readSetting(db, DELIVERY_KEY);
  const r = reminderDeliverySchema.safeParse(raw ?? {});
  if (!r.success) {
    throw new AppError('INTERNAL', 'The reminder settings on this workstation are damaged. Open Set-up › Clinic settings and save them again.');
  }
  return r.data;
}

/** For the runner only: never hand this to the IPC layer. */
export function getReminderSecrets(db: ReadDb): ReminderSecrets {
  const stored = readStoredSecrets(db);
  return {
    smtpPassword: stored.smtpPassword === null ? null : unwrapSecret(db, stored.smtpPassword),
    smsToken: stored.smsToken === null ? null : unwrapSecret(db, stored.smsToken),
  };
}

export function getReminderDeliverySettings(db: ReadDb): ReminderDeliverySettingsDto {
  const d = getReminderDelivery(db);
  const s = readStoredSecrets(db);
  const types = prepared<{ typeId: AppointmentTypeId; typeName: string; offsets: string | null }>(
    db,
    `SELECT id AS typeId, name AS typeName, reminder_offsets_min AS offsets FROM appointment_types WHERE active = 1 ORDER BY name, id`,
  ).all();
  return {
    ...d,
    secrets: { smtpPassword: s.smtpPassword !== null, smsToken: s.smsToken !== null },
    clinicOffsetsMin: getClinicSettings(db).reminderOffsetsMin,
    typeCadences: types.map((t) => ({
      typeId: t.typeId,
      typeName: t.typeName,
      offsetsMin: t.offsets === null ? null : (JSON.parse(t.offsets) as number[]),
    })),
  };
}

/**
 * Saves a partial change. New templates must pass the neutrality guard
 * (VALIDATION at the field, nothing saved). A type's new cadence applies to
 * visits booked or moved from now on, like the clinic's own reminder times.
 */
export function updateReminderDeliverySettings(ctx: CoreContext, input: UpdateReminderDeliveryInput): ReminderDeliverySettingsDto {
  const v = parseInput(updateReminderDeliveryInput, input);
  const at = ctx.clock.now();
  const out = inWriteTransaction(ctx.db, () => {
    const current = getReminderDelivery(ctx.db);
    const next: ReminderDelivery = {
      email: v.email !== undefined ? v.email : current.email,
      sms: v.sms !== undefined ? v.sms : current.sms,
      quietHours: v.quietHours !== undefined ? v.quietHours : current.quietHours,
      templates: v.templates ?? current.templates,
    };
    if (v.templates) assertNeutralTemplates(v.templates, typeNames(ctx.db));
    writeSetting(ctx.db, DELIVERY_KEY, next);
    const stored = readStoredSecrets(ctx.db);
    const secrets: ReminderSecrets = {
      smtpPassword: nextSecret(ctx.db, stored.smtpPassword, v.smtpPassword, {
        serverChanged: smtpIdentity(current.email) !== smtpIdentity(next.email),
        needed: next.email !== null && next.email.user !== '',
        field: 'smtpPassword',
        message: 'Type the mail server password again: the server, user name or connection security changed.',
      }),
      smsToken: nextSecret(ctx.db, stored.smsToken, v.smsToken, {
        serverChanged: smsIdentity(current.sms) !== smsIdentity(next.sms),
        needed: next.sms !== null,
        field: 'smsToken',
        message: 'Type the gateway token again: the gateway address or account changed.',
      }),
    };
    if (secrets.smtpPassword !== stored.smtpPassword || secrets.smsToken !== stored.smsToken) writeStoredSecrets(ctx.db, secrets);
    for (const c of v.typeCadences ?? []) {
      const r = prepared(ctx.db, `UPDATE appointment_types SET reminder_offsets_min = ? WHERE id = ?`).run(
        c.offsetsMin === null ? null : JSON.stringify([...c.offsetsMin].sort((a, b) => b - a)),
        c.typeId,
      );
      if (r.changes === 0) throw new AppError('NOT_FOUND', 'That appointment type no longer exists. Reload and try again.', { typeId: c.typeId });
    }
    const keys = Object.keys(v).filter((k) => v[k as keyof typeof v] !== undefined);
    // Which keys changed, never their values (a password must not reach the audit trail).
    recordAudit(ctx.db, ctx.actor, at, { action: 'settings.reminders', entityType: 'settings', entityId: null, details: { keys } });
    return getReminderDeliverySettings(ctx.db);
  });
  ctx.events.emit('clinic/changed', { entity: 'settings', ids: [DELIVERY_KEY] });
  return out;
}

/** The exact texts for a sample patient ("Alex") at 9:30 tomorrow, refused like a save when not neutral. */
export function previewReminder(ctx: CoreContext, input: PreviewReminderInput): ReminderPreviewDto {
  const v = parseInput(previewReminderInput, input);
  assertNeutralTemplates(v.templates, typeNames(ctx.db));
  const row = prepared<{ name: string; phone: string; zone: string }>(
    ctx.db,
    `SELECT name, phone, zone FROM locations WHERE (? IS NULL OR id = ?) ORDER BY name, id LIMIT 1`,
  ).get(v.locationId ?? null, v.locationId ?? null);
  if (!row && v.locationId) throw new AppError('NOT_FOUND', 'That location no longer exists. Choose another one.');
  const location = row ?? { name: getClinicSettings(ctx.db).clinicName, phone: '', zone: 'UTC' };
  const start = DateTime.fromMillis(ctx.clock.now(), { zone: location.zone }).plus({ days: 1 }).set({ hour: 9, minute: 30, second: 0, millisecond: 0 });
  const values = templateValues({
    firstName: 'Alex',
    startAt: start.toMillis(),
    zone: location.zone,
    locationName: location.name,
    locationPhone: location.phone,
  });
  const r = renderReminder(v.templates, values);
  return { ...r, smsSegments: smsSegments(r.smsBody), sample: values };
}

function typeNames(db: ReadDb): string[] {
  return prepared<{ name: string }>(db, `SELECT name FROM appointment_types ORDER BY name`)
    .all()
    .map((r) => r.name);
}

function readSetting(db: ReadDb, key: string): unknown {
  return readSettingRow(db, key) ?? null;
}
