import type { AppErrorShape, Result } from '@shared/domain/errors';
import { fieldErrors, wholePath, type FieldErrors } from '@shared/domain/field-errors';
import type { ReminderPreviewDto } from '@shared/domain/reminders';
import type { ReminderTemplates, UpdateReminderDeliveryInput } from '@shared/schemas/reminders';
import { invoke, liveQuery } from '../../api';
import { notifyError } from '../../stores/notices';

/**
 * Reminder delivery settings for Set-up › Clinic settings: SMTP, SMS gateway,
 * quiet hours, templates (with a live preview) and each type's cadence.
 * Secrets go up only; main answers whether each is set.
 */
export const deliverySettings = liveQuery('reminders/get-delivery-settings', { onError: notifyError });

/** { "email.host": message, "templates.smsBody": message }: the full path names the field. */
export const fieldsOf = (error: AppErrorShape): FieldErrors => fieldErrors(error, wholePath);

export async function saveDelivery(
  input: UpdateReminderDeliveryInput,
): Promise<{ ok: true } | { ok: false; error: AppErrorShape; fields: FieldErrors }> {
  const r = await invoke('reminders/update-delivery-settings', input);
  if (!r.ok) return { ok: false, error: r.error, fields: fieldsOf(r.error) };
  // Main answers with what it stored: show it without reading again.
  deliverySettings.patch(() => r.data);
  return { ok: true };
}

export const previewTemplates = (templates: ReminderTemplates): Promise<Result<ReminderPreviewDto>> =>
  invoke('reminders/preview-template', { templates });
