import type { EmailSettings, QuietHours, ReminderTemplates, SmsSettings } from '../schemas/reminders';
import type { AppointmentTypeId } from './ids';

/** Reminder delivery settings as the desk sees them: secrets only as set / not set. */
export interface ReminderDeliverySettingsDto {
  email: EmailSettings | null;
  sms: SmsSettings | null;
  quietHours: QuietHours | null;
  templates: ReminderTemplates;
  secrets: { smtpPassword: boolean; smsToken: boolean };
  /** The clinic's reminder times (clinic settings), and each type's own times (null = the clinic's). */
  clinicOffsetsMin: number[];
  typeCadences: Array<{ typeId: AppointmentTypeId; typeName: string; offsetsMin: number[] | null }>;
}

/** The exact texts a sample patient would receive. */
export interface ReminderPreviewDto {
  emailSubject: string;
  emailBody: string;
  smsBody: string;
  /** SMS segments the text needs (160 GSM characters, 70 otherwise; 153 / 67 when split). */
  smsSegments: number;
  sample: { firstName: string; date: string; time: string; location: string; locationPhone: string };
}
