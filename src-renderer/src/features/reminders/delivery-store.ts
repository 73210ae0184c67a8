import { create } from 'zustand';
import type { AppErrorShape, Result } from '../../../../src-shared/domain/errors';
import { fieldErrors, wholePath, type FieldErrors } from '../../../../src-shared/domain/field-errors';
import type { ReminderDeliverySettingsDto, ReminderPreviewDto } from '../../../../src-shared/domain/reminders';
import type { ReminderTemplates, UpdateReminderDeliveryInput } from '../../../../src-shared/schemas/reminders';
import { invoke } from '../../api';
import { notifyError } from '../../stores/notices';

/**
 * Reminder delivery settings for Set-up › Clinic settings: SMTP, SMS gateway,
 * quiet hours, templates (with a live preview) and each type's cadence.
 * Secrets go up only; main answers whether each is set.
 */
interface DeliveryState {
  settings: ReminderDeliverySettingsDto | null;
  load(): Promise<void>;
  save(input: UpdateReminderDeliveryInput): Promise<{ ok: true } | { ok: false; error: AppErrorShape; fields: FieldErrors }>;
  preview(templates: ReminderTemplates): Promise<Result<ReminderPreviewDto>>;
}

/** { "email.host": message, "templates.smsBody": message }: the full path names the field. */
export const fieldsOf = (error: AppErrorShape): FieldErrors => fieldErrors(error, wholePath);

export const useDelivery = create<DeliveryState>()((set) => ({
  settings: null,
  async load() {
    const r = await invoke('reminders/get-delivery-settings', {});
    if (r.ok) set({ settings: r.data });
    else notifyError(r.error);
  },
  async save(input) {
    const r = await invoke('reminders/update-delivery-settings', input);
    if (r.ok) {
      set({ settings: r.data });
      return { ok: true };
    }
    return { ok: false, error: r.error, fields: fieldsOf(r.error) };
  },
  preview: (templates) => invoke('reminders/preview-template', { templates }),
}));
