import { z } from 'zod';
import type { OpeningHoursId } from '../domain/clinic';
import type { AppointmentTypeId, BlockoutId, LocationId, ProviderId, RoomId } from '../domain/ids';
import { colour, displayName, epochMs, ianaZone, idOf, isSecureWebAddress, localDate, minuteOfDay, optionalText, text } from './fields';
import { DATE_ORDERS, TIME_FORMATS } from '../time/format';

/**
 * Input schemas for the clinic set-up. Main parses every input with these
 * before a service sees it; the IPC contract reuses them.
 */

export const locationId = idOf<LocationId>('location');
export const roomId = idOf<RoomId>('room');
export const providerId = idOf<ProviderId>('provider');
export const appointmentTypeId = idOf<AppointmentTypeId>('appointment type');
export const blockoutId = idOf<BlockoutId>('blockout');
export const openingHoursId = idOf<OpeningHoursId>('opening-hours row');

/**
 * Longest visit and buffers a type may have. The booking guard relies on them
 * to bound its overlap searches (a busy span is at most
 * MAX_DURATION_MIN + 2 × MAX_BUFFER_MIN long).
 */
export const MAX_DURATION_MIN = 720;
export const MAX_BUFFER_MIN = 120;
export const MAX_BUSY_SPAN_MIN = MAX_DURATION_MIN + 2 * MAX_BUFFER_MIN;

export const durationMin = z
  .number('Enter a duration in minutes.')
  .int('The duration must be whole minutes.')
  .min(5, 'The duration must be at least 5 minutes.')
  .max(MAX_DURATION_MIN, `The duration can be at most ${MAX_DURATION_MIN / 60} hours.`)
  .multipleOf(5, 'The duration must be a multiple of 5 minutes.');

const bufferMin = (what: string) =>
  z
    .number()
    .int(`The ${what} must be whole minutes.`)
    .min(0, `The ${what} cannot be negative.`)
    .max(MAX_BUFFER_MIN, `The ${what} can be at most ${MAX_BUFFER_MIN} minutes.`);

/** US National Provider Identifier: 10 digits, Luhn check digit over the "80840" prefix. */
export function isValidNpi(npi: string): boolean {
  if (!/^\d{10}$/.test(npi)) return false;
  const digits = ('80840' + npi).split('').map(Number);
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = digits[i]!;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const npi = text('NPI')
  .trim()
  .refine(isValidNpi, 'An NPI is 10 digits with a valid check digit; please check it.');

// ── Locations ────────────────────────────────────────────────────────────────

export const createLocationInput = z.strictObject({
  name: displayName('location name'),
  zone: ianaZone,
  address: optionalText('address', 500).default(''),
  phone: optionalText('phone number', 40).default(''),
});
export const updateLocationInput = z.strictObject({
  id: locationId,
  name: displayName('location name').optional(),
  zone: ianaZone.optional(),
  address: optionalText('address', 500).optional(),
  phone: optionalText('phone number', 40).optional(),
});

// ── Rooms ────────────────────────────────────────────────────────────────────

export const createRoomInput = z.strictObject({
  locationId,
  name: displayName('room name', 100),
  active: z.boolean().default(true),
});
export const updateRoomInput = z.strictObject({
  id: roomId,
  name: displayName('room name', 100).optional(),
  active: z.boolean().optional(),
});

// ── Providers ────────────────────────────────────────────────────────────────

export const createProviderInput = z.strictObject({
  name: displayName('provider name'),
  colour,
  zone: ianaZone,
  active: z.boolean().default(true),
  npi: npi.nullable().default(null),
});
export const updateProviderInput = z.strictObject({
  id: providerId,
  name: displayName('provider name').optional(),
  colour: colour.optional(),
  zone: ianaZone.optional(),
  active: z.boolean().optional(),
  npi: npi.nullable().optional(),
});

// ── Appointment types ────────────────────────────────────────────────────────

const uniqueIds = <T extends z.ZodType<string>>(item: T, what: string) =>
  z.array(item).max(200).refine((xs) => new Set(xs).size === xs.length, `The same ${what} is listed twice.`);

export const createAppointmentTypeInput = z.strictObject({
  name: displayName('appointment type name', 100),
  durationMin,
  colour,
  needsRoom: z.boolean().default(false),
  externalCode: optionalText('external code', 64).nullable().default(null),
  bufferBeforeMin: bufferMin('buffer before').default(0),
  bufferAfterMin: bufferMin('buffer after').default(0),
  active: z.boolean().default(true),
  providerIds: uniqueIds(providerId, 'provider').default([]),
  roomIds: uniqueIds(roomId, 'room').default([]),
});
/** `providerIds` / `roomIds`, when given, replace the whole list. */
export const updateAppointmentTypeInput = z.strictObject({
  id: appointmentTypeId,
  name: displayName('appointment type name', 100).optional(),
  durationMin: durationMin.optional(),
  colour: colour.optional(),
  needsRoom: z.boolean().optional(),
  externalCode: optionalText('external code', 64).nullable().optional(),
  bufferBeforeMin: bufferMin('buffer before').optional(),
  bufferAfterMin: bufferMin('buffer after').optional(),
  active: z.boolean().optional(),
  providerIds: uniqueIds(providerId, 'provider').optional(),
  roomIds: uniqueIds(roomId, 'room').optional(),
});

// ── Opening hours ────────────────────────────────────────────────────────────

const weekday = z
  .number('Choose a weekday.')
  .int('Choose a weekday.')
  .min(1, 'Choose a weekday (Monday to Sunday).')
  .max(7, 'Choose a weekday (Monday to Sunday).');

const openingHoursFields = {
  providerId,
  locationId,
  weekday,
  startMin: minuteOfDay('opening time'),
  endMin: minuteOfDay('closing time'),
  effectiveFrom: localDate('first day'),
  effectiveUntil: localDate('last day').nullable().default(null),
};

/** A new rule; an update is checked by it too once merged with the stored row. */
export const createOpeningHoursInput = z
  .strictObject(openingHoursFields)
  .refine((r) => r.endMin > r.startMin, { message: 'The closing time must be after the opening time.', path: ['endMin'] })
  .refine((r) => r.effectiveUntil === null || r.effectiveUntil >= r.effectiveFrom, {
    message: 'The last day must be on or after the first day.',
    path: ['effectiveUntil'],
  });
export const updateOpeningHoursInput = z.strictObject({
  id: openingHoursId,
  providerId: providerId.optional(),
  locationId: locationId.optional(),
  weekday: weekday.optional(),
  startMin: minuteOfDay('opening time').optional(),
  endMin: minuteOfDay('closing time').optional(),
  effectiveFrom: localDate('first day').optional(),
  effectiveUntil: localDate('last day').nullable().optional(),
});
export const removeOpeningHoursInput = z.strictObject({ id: openingHoursId });

const interval = z
  .strictObject({ startMin: minuteOfDay('start time'), endMin: minuteOfDay('end time') })
  .refine((i) => i.endMin > i.startMin, { message: 'Each end time must be after its start time.', path: ['endMin'] });

/** Sets the hours of one date, replacing the weekly hours there: no intervals = closed all day. */
export const setHoursOverrideInput = z.strictObject({
  providerId,
  locationId,
  date: localDate('date'),
  intervals: z
    .array(interval)
    .max(12)
    .refine(
      (xs) => [...xs].sort((a, b) => a.startMin - b.startMin).every((x, i, s) => i === 0 || s[i - 1]!.endMin <= x.startMin),
      'The special hours overlap each other.',
    ),
});
export const removeHoursOverrideInput = z.strictObject({ providerId, locationId, date: localDate('date') });

// ── Blockouts ────────────────────────────────────────────────────────────────

export const createBlockoutInput = z
  .strictObject({
    providerId: providerId.nullable().default(null),
    roomId: roomId.nullable().default(null),
    startAt: epochMs('start time'),
    endAt: epochMs('end time'),
    reason: optionalText('reason', 500).default(''),
  })
  .refine((b) => b.providerId !== null || b.roomId !== null, {
    message: 'Choose the provider or the room to block (or both).',
    path: ['providerId'],
  })
  .refine((b) => b.endAt > b.startAt, { message: 'The end time must be after the start time.', path: ['endAt'] });
export const updateBlockoutInput = z.strictObject({
  id: blockoutId,
  startAt: epochMs('start time').optional(),
  endAt: epochMs('end time').optional(),
  reason: optionalText('reason', 500).optional(),
});
export const removeBlockoutInput = z.strictObject({ id: blockoutId });

// ── Day-grid reads ───────────────────────────────────────────────────────────

/** Longest range one grid read may ask for. */
const MAX_RANGE_DAYS = 93;

const range = {
  from: epochMs('start of the range'),
  to: epochMs('end of the range'),
};
const rangeChecks = <T extends { from: number; to: number }>(s: z.ZodType<T>) =>
  s
    .refine((r) => r.to > r.from, { message: 'The end of the range must be after its start.', path: ['to'] })
    .refine((r) => r.to - r.from <= MAX_RANGE_DAYS * 86_400_000, {
      message: `Show at most ${MAX_RANGE_DAYS} days at a time.`,
      path: ['to'],
    });

export const appointmentsInRangeInput = rangeChecks(
  z.strictObject({
    ...range,
    /** Omitted = every provider. */
    providerIds: z.array(providerId).max(200).optional(),
    locationId: locationId.optional(),
    includeCancelled: z.boolean().default(false),
  }),
);
export const blockoutsInRangeInput = rangeChecks(
  z.strictObject({
    ...range,
    providerIds: z.array(providerId).max(200).optional(),
    roomIds: z.array(roomId).max(200).optional(),
  }),
);

// ── Settings ─────────────────────────────────────────────────────────────────

const reminderOffsets = z
  .array(
    z
      .number()
      .int('Reminder times must be whole minutes.')
      .min(5, 'A reminder must go out at least 5 minutes before the visit.')
      .max(20_160, 'A reminder can go out at most 14 days before the visit.'),
  )
  .max(5, 'At most 5 reminders per visit.')
  .refine((xs) => new Set(xs).size === xs.length, 'The same reminder time is listed twice.');

/** Update channels a workstation can follow: the electron-updater channel file names (latest*.yml, beta*.yml). */
const UPDATE_CHANNELS = ['latest', 'beta'] as const;
export type UpdateChannel = (typeof UPDATE_CHANNELS)[number];

export const GRID_INTERVALS_MIN: readonly number[] = [5, 10, 15, 20, 30, 60];

const settingsFields = {
  /** Minutes before each visit that a reminder is due. */
  reminderOffsetsMin: reminderOffsets,
  /** How far in the past (minutes) a visit may still be booked, e.g. a walk-in entered late. */
  bookingGraceMin: z.number().int().min(0).max(1440),
  /** The waiting room highlights a patient kept waiting longer than this (minutes). */
  waitAlertMin: z.number('Enter whole minutes, e.g. 15.').int('Enter whole minutes, e.g. 15.').min(1, 'Enter at least 1 minute.').max(240, 'Enter at most 240 minutes (4 hours).'),
  /** Default step of the calendar grid and of offered times. */
  defaultIntervalMin: z
    .number()
    .int()
    .refine((n) => GRID_INTERVALS_MIN.includes(n), `Choose a grid step of ${GRID_INTERVALS_MIN.join(', ')} minutes.`),
  /** Which published updates this workstation takes: 'beta' also takes newer stable versions. */
  updateChannel: z.enum(UPDATE_CHANNELS, 'Choose the stable or the beta update channel.'),
  clinicName: displayName('clinic name'),
  /** Times of day on every screen: "2:30 PM" or "14:30". */
  timeFormat: z.enum(TIME_FORMATS, 'Choose 12-hour or 24-hour times.'),
  /** Dates on every screen and in birth-date searches: "Nov 9, 1980" and 11/9/1980, or "9 Nov 1980" and 9/11/1980. */
  dateOrder: z.enum(DATE_ORDERS, 'Choose month first or day first.'),
  /** The clinic's update server: an electron-updater "generic" feed; null = no updates. */
  updateFeedUrl: text('update server address')
    .trim()
    .refine((u) => {
      try {
        return ['http:', 'https:'].includes(new URL(u).protocol);
      } catch {
        return false;
      }
    }, 'Enter the update server as a web address starting with https://')
    .nullable(),
};

/**
 * The update feed decides what code this desk runs: a new address must be
 * https (plain http only to this computer) with no credentials in it. Stored
 * addresses are read with the looser rule above so an older http one cannot
 * stop the clinic settings from loading; the updater ignores it (app/update-feed.ts).
 */
const updateFeedUrlInput = settingsFields.updateFeedUrl.refine(
  (u) => u === null || isSecureWebAddress(u),
  'The update server must be a secure address starting with https://, without a user name or password in it.',
);

/** Stored settings parsed with defaults: a key missing from the table takes its default. */
export const clinicSettingsSchema = z.object({
  reminderOffsetsMin: settingsFields.reminderOffsetsMin.default([1440, 60]),
  bookingGraceMin: settingsFields.bookingGraceMin.default(15),
  defaultIntervalMin: settingsFields.defaultIntervalMin.default(15),
  /** This workstation's stable id (UUIDv7), assigned on first start by ensureDeviceId; '' until then. */
  deviceId: z.string().default(''),
  updateChannel: settingsFields.updateChannel.default('latest'),
  clinicName: settingsFields.clinicName.default('Frontdesk Clinic'),
  timeFormat: settingsFields.timeFormat.default('12h'),
  dateOrder: settingsFields.dateOrder.default('MDY'),
  updateFeedUrl: settingsFields.updateFeedUrl.default(null),
  waitAlertMin: settingsFields.waitAlertMin.default(15),
});
export type ClinicSettings = z.output<typeof clinicSettingsSchema>;

/** The settings a manager may change (the device id is assigned, never edited). */
export const updateClinicSettingsInput = z.strictObject({
  reminderOffsetsMin: settingsFields.reminderOffsetsMin.optional(),
  bookingGraceMin: settingsFields.bookingGraceMin.optional(),
  defaultIntervalMin: settingsFields.defaultIntervalMin.optional(),
  updateChannel: settingsFields.updateChannel.optional(),
  clinicName: settingsFields.clinicName.optional(),
  timeFormat: settingsFields.timeFormat.optional(),
  dateOrder: settingsFields.dateOrder.optional(),
  updateFeedUrl: updateFeedUrlInput.optional(),
  waitAlertMin: settingsFields.waitAlertMin.optional(),
});

export type CreateLocationInput = z.input<typeof createLocationInput>;
export type UpdateLocationInput = z.input<typeof updateLocationInput>;
export type CreateRoomInput = z.input<typeof createRoomInput>;
export type UpdateRoomInput = z.input<typeof updateRoomInput>;
export type CreateProviderInput = z.input<typeof createProviderInput>;
export type UpdateProviderInput = z.input<typeof updateProviderInput>;
export type CreateAppointmentTypeInput = z.input<typeof createAppointmentTypeInput>;
export type UpdateAppointmentTypeInput = z.input<typeof updateAppointmentTypeInput>;
export type CreateOpeningHoursInput = z.input<typeof createOpeningHoursInput>;
export type UpdateOpeningHoursInput = z.input<typeof updateOpeningHoursInput>;
export type SetHoursOverrideInput = z.input<typeof setHoursOverrideInput>;
export type RemoveHoursOverrideInput = z.input<typeof removeHoursOverrideInput>;
export type CreateBlockoutInput = z.input<typeof createBlockoutInput>;
export type UpdateBlockoutInput = z.input<typeof updateBlockoutInput>;
export type AppointmentsInRangeInput = z.input<typeof appointmentsInRangeInput>;
export type BlockoutsInRangeInput = z.input<typeof blockoutsInRangeInput>;
export type UpdateClinicSettingsInput = z.input<typeof updateClinicSettingsInput>;
