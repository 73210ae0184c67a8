import { z } from 'zod';
import type { ReminderId } from '../domain/ids';
import { appointmentTypeId, locationId, updateClinicSettingsInput } from './clinic';
import { idOf, minuteOfDay, text } from './fields';

/**
 * Inputs of reminder delivery: the clinic's SMTP server and SMS
 * gateway, quiet hours for text messages, the neutral message templates and
 * each appointment type's own reminder times. Secrets (SMTP password, gateway
 * token) are write-only: they come in here and never go back to the renderer.
 */

const reminderId = idOf<ReminderId>('reminder');

/** The clinic's reminder times, as `clinic/update-settings` takes them. */
const offsetsMin = updateClinicSettingsInput.shape.reminderOffsetsMin.unwrap();

const hostName = text('mail server name')
  .trim()
  .min(1, 'Enter the mail server name, for example smtp.example.org.')
  .max(253, 'The mail server name is too long.')
  .regex(/^[A-Za-z0-9.-]+$|^\[?[0-9a-fA-F:.]+\]?$/, 'Enter the mail server as a name like smtp.example.org or an IP address.');

const port = z
  .number('Enter the port number.')
  .int('The port is a whole number.')
  .min(1, 'The port is a number from 1 to 65535.')
  .max(65_535, 'The port is a number from 1 to 65535.');

const emailAddress = z.email('Enter the sender as an e-mail address, for example reminders@clinic.example.').max(254);

const webAddress = (what: string) =>
  text(what)
    .trim()
    .max(2000, `The ${what} is too long.`)
    .refine((u) => {
      try {
        return ['http:', 'https:'].includes(new URL(u).protocol);
      } catch {
        return false;
      }
    }, `Enter the ${what} as a web address starting with https://`);

/** `tls`: TLS from the first byte (usually port 465); `starttls`: upgrade required (587); `none`: plain (a local relay only). */
const SMTP_TLS_MODES = ['tls', 'starttls', 'none'] as const;
export type SmtpTlsMode = (typeof SMTP_TLS_MODES)[number];

const emailSettingsSchema = z.strictObject({
  host: hostName,
  port,
  tls: z.enum(SMTP_TLS_MODES, 'Choose how the connection to the mail server is secured.'),
  /** Empty = the server needs no sign-in. */
  user: text('user name').trim().max(254, 'The user name is too long.').default(''),
  from: emailAddress,
});

const senderNumber = text('sender').trim().max(40, 'The sender is too long.');

const smsSettingsSchema = z.discriminatedUnion(
  'kind',
  [
    /** Twilio-style: form post to {baseUrl}/2010-04-01/Accounts/{accountSid}/Messages.json, basic auth sid:token. */
    z.strictObject({
      kind: z.literal('twilio'),
      baseUrl: webAddress('gateway address').default('https://api.twilio.com'),
      accountSid: text('account SID').trim().min(1, 'Enter the account SID.').max(64, 'The account SID is too long.'),
      from: senderNumber.min(1, 'Enter the number (or sender name) messages come from.'),
    }),
    /** A generic JSON webhook: POST { to, from, body } with a bearer token. */
    z.strictObject({
      kind: z.literal('webhook'),
      url: webAddress('webhook address'),
      from: senderNumber.default(''),
    }),
  ],
  'Choose the kind of SMS gateway.',
);

/** Local wall minutes in each location's zone; start > end wraps past midnight (21:00–08:00). Equal = no quiet hours. */
const quietHoursSchema = z.strictObject({
  startMin: minuteOfDay('start of quiet hours'),
  endMin: minuteOfDay('end of quiet hours'),
});

export type ReminderTemplateField = 'emailSubject' | 'emailBody' | 'smsBody';

const template = (what: string, max: number) =>
  text(what, { multiline: true })
    .trim()
    .min(1, `Enter the ${what}.`)
    .max(max, `The ${what} is too long (at most ${max} characters).`);

export const reminderTemplatesSchema = z.strictObject({
  emailSubject: template('e-mail subject', 200),
  emailBody: template('e-mail text', 2000),
  smsBody: template('text message', 480),
});

/** What the runner reads; keys never saved take these defaults. */
export const DEFAULT_REMINDER_TEMPLATES: z.output<typeof reminderTemplatesSchema> = {
  emailSubject: 'Appointment reminder: {date} at {time}',
  emailBody:
    'Hello {firstName},\n\nThis is a reminder of your appointment on {date} at {time} at {location}.\n\nTo confirm or cancel, please call {locationPhone}.\n',
  smsBody: 'Hi {firstName}, a reminder of your appointment on {date} at {time} at {location}. To confirm or cancel, call {locationPhone}.',
};
export const DEFAULT_QUIET_HOURS = { startMin: 21 * 60, endMin: 8 * 60 };

/** Stored under the settings key `reminderDelivery` (secrets apart, under `reminderSecrets`). */
export const reminderDeliverySchema = z.object({
  email: emailSettingsSchema.nullable().default(null),
  sms: smsSettingsSchema.nullable().default(null),
  quietHours: quietHoursSchema.nullable().default(DEFAULT_QUIET_HOURS),
  templates: reminderTemplatesSchema.default(DEFAULT_REMINDER_TEMPLATES),
});
export type ReminderDelivery = z.output<typeof reminderDeliverySchema>;
export type EmailSettings = z.output<typeof emailSettingsSchema>;
export type SmsSettings = z.output<typeof smsSettingsSchema>;
export type QuietHours = z.output<typeof quietHoursSchema>;
export type ReminderTemplates = z.output<typeof reminderTemplatesSchema>;

const secret = (what: string) => text(what).max(1000, `The ${what} is too long.`).nullable();

/**
 * A partial update. Secrets: a string sets, null clears, absent keeps.
 * `typeCadences` sets the listed types' own reminder times (null = the clinic's).
 */
export const updateReminderDeliveryInput = z.strictObject({
  email: emailSettingsSchema.nullable().optional(),
  sms: smsSettingsSchema.nullable().optional(),
  quietHours: quietHoursSchema.nullable().optional(),
  templates: reminderTemplatesSchema.optional(),
  smtpPassword: secret('password').optional(),
  smsToken: secret('gateway token').optional(),
  typeCadences: z
    .array(z.strictObject({ typeId: appointmentTypeId, offsetsMin: offsetsMin.nullable() }))
    .max(500)
    .optional(),
});

export const previewReminderInput = z.strictObject({
  templates: reminderTemplatesSchema,
  /** The location whose name, phone and zone the sample uses; default the first. */
  locationId: locationId.optional(),
});

export const resendReminderInput = z.strictObject({ reminderId });

export type UpdateReminderDeliveryInput = z.input<typeof updateReminderDeliveryInput>;
export type PreviewReminderInput = z.input<typeof previewReminderInput>;
export type ResendReminderInput = z.input<typeof resendReminderInput>;
