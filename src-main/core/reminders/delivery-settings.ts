import { DateTime } from 'luxon';
import { AppError } from '../../../src-shared/domain/errors';
import type { AppointmentTypeId } from '../../../src-shared/domain/ids';
import type { ReminderDeliverySettingsDto, ReminderPreviewDto } from '../../../src-shared/domain/reminders';
import {
  previewReminderInput,
  reminderDeliverySchema,
  updateReminderDeliveryInput,
  type PreviewReminderInput,
  type ReminderDelivery,
  type UpdateReminderDeliveryInput,
} from '../../../src-shared/schemas/reminders';
import { recordAudit } from '../audit/audit';
import { getClinicSettings, readSetting as readSettingRow, writeSetting } from '../clinic/settings';
import type { CoreContext } from '../context';
import type { ReadDb } from '../db/open';
import { prepared } from '../db/prepared';
import { inWriteTransaction } from '../db/transaction';
import { coreEvents } from '../events';
import { parseInput } from '../validation';
import { assertNeutralTemplates, renderReminder, smsSegments, templateValues } from './templates';

/**
 * Reminder delivery settings: one settings row `reminderDelivery` (JSON) and
 * the secrets apart in `reminderSecrets`, so reads for the desk can never
 * include them by accident. Secrets stay on this workstation's database file
 * (which holds patient records anyway); they are never logged or sent to the
 * renderer, which only learns whether each one is set.
 */

const DELIVERY_KEY = 'reminderDelivery';
const SECRETS_KEY = 'reminderSecrets';

export interface ReminderSecrets {
  smtpPassword: string | null;
  smsToken: string | null;
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
  const raw = readSetting(db, SECRETS_KEY) as Partial<ReminderSecrets> | null;
  return { smtpPassword: raw?.smtpPassword ?? null, smsToken: raw?.smsToken ?? null };
}

export function getReminderDeliverySettings(db: ReadDb): ReminderDeliverySettingsDto {
  const d = getReminderDelivery(db);
  const s = getReminderSecrets(db);
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
    if (v.smtpPassword !== undefined || v.smsToken !== undefined) {
      const secrets = getReminderSecrets(ctx.db);
      if (v.smtpPassword !== undefined) secrets.smtpPassword = v.smtpPassword === '' ? null : v.smtpPassword;
      if (v.smsToken !== undefined) secrets.smsToken = v.smsToken === '' ? null : v.smsToken;
      writeSetting(ctx.db, SECRETS_KEY, secrets);
    }
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
  coreEvents.emit('clinic/changed', { entity: 'settings', ids: [DELIVERY_KEY] });
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
