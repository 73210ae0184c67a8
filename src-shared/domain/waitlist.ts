/**
 * The waitlist (ASAP list) and recurring visits, as the desk sees them.
 * Built in main by src-main/core/waitlist and src-main/core/series.
 */
import type { SlotOffer } from './availability';
import type { AppointmentStatus } from './booking';
import type { AppointmentId, AppointmentTypeId, Brand, EpochMs, LocationId, PatientId, ProviderId } from './ids';

export type WaitlistEntryId = Brand<string, 'WaitlistEntryId'>;
export type SeriesId = Brand<string, 'SeriesId'>;

/** open: waiting for a time; booked: a visit was booked from it; closed: no longer wanted. */
export const WAITLIST_STATUSES = ['open', 'booked', 'closed'] as const;
export type WaitlistStatus = (typeof WAITLIST_STATUSES)[number];

/** morning: starts before 12:00 local time; afternoon: from 12:00 on (as the slot search splits the day). */
export const WAITLIST_PARTS = ['morning', 'afternoon'] as const;
export type WaitlistPart = (typeof WAITLIST_PARTS)[number];

export interface WaitlistEntryDto {
  id: WaitlistEntryId;
  patientId: PatientId;
  typeId: AppointmentTypeId;
  /** Empty: any provider able to perform the type. */
  providerIds: ProviderId[];
  /** Null: any location. */
  locationId: LocationId | null;
  /** ISO weekdays (1 = Monday) the patient can come; empty: any day. */
  weekdays: number[];
  /** Empty: any time of day. */
  partsOfDay: WaitlistPart[];
  /** Local dates (the location's zone), inclusive; latest null: no end. */
  earliestDate: string;
  latestDate: string | null;
  note: string;
  status: WaitlistStatus;
  /** The visit booked from this entry (status booked). */
  appointmentId: AppointmentId | null;
  /** Why it was closed without a booking (status closed). */
  closedReason: string | null;
  version: number;
  createdAt: EpochMs;
  updatedAt: EpochMs;
}

/** A row of the Waitlist view: the entry, who it is for, and the earliest time that fits it now. */
export interface WaitlistRowDto extends WaitlistEntryDto {
  patientName: string;
  phone: string | null;
  /** The earliest bookable time within the search horizon that fits every wish; null: none. */
  earliest: SlotOffer | null;
}

/** Time that opened for one provider (a cancellation, a move, a no-show, a blockout removed). */
export interface OpenedTime {
  providerId: ProviderId;
  /** Null: wherever the provider works then (a blockout names no location). */
  locationId: LocationId | null;
  startAt: EpochMs;
  endAt: EpochMs;
}

/** Pushed when time opened and waitlist entries fit it (a count only, no patient data). */
export interface WaitlistOpening extends OpenedTime {
  count: number;
  /** The first fitting start, for the words "fit 10:15". */
  firstStart: EpochMs;
  /** The location of that first start. */
  firstLocationId: LocationId;
}

/** One entry that fits an opened time, with the time it would be booked at. */
export interface WaitlistFitDto {
  entry: WaitlistRowDto;
  slot: SlotOffer;
}

export interface WaitlistChanged {
  entryIds: WaitlistEntryId[];
}

// ── Recurring visits ────────────────────────────────────────────────────────

export const SERIES_FREQUENCIES = ['weekly', 'monthly'] as const;
export type SeriesFrequency = (typeof SERIES_FREQUENCIES)[number];
/** Monthly on the same weekday and ordinal ("2nd Tuesday", "last Friday"), or on the same date. */
export const MONTHLY_BY = ['weekday', 'date'] as const;
export type MonthlyBy = (typeof MONTHLY_BY)[number];

/** One occurrence as checked before booking. */
export interface SeriesOccurrenceCheck {
  /** 1-based position in the series rule. */
  occurrence: number;
  /** Local date in the location's zone. */
  date: string;
  startAt: EpochMs;
  endAt: EpochMs;
  free: boolean;
  /** Why not, in the guard's words (taken occurrences). */
  problem: { code: string; message: string } | null;
  /** The nearest free times with the same provider (taken occurrences), nearest first. */
  alternatives: SlotOffer[];
}

export interface SeriesCheckDto {
  zone: string;
  occurrences: SeriesOccurrenceCheck[];
}

/** One visit of a series move as checked before it is made. */
export interface SeriesMoveVisitCheck {
  appointmentId: AppointmentId;
  occurrence: number;
  /** Where it is now. */
  fromStartAt: EpochMs;
  /** Where the step puts it. */
  startAt: EpochMs;
  endAt: EpochMs;
  free: boolean;
  /** Why it cannot go there, in the guard's words. */
  problem: { code: string; message: string } | null;
  /** The nearest free times with the same provider (when it cannot go), nearest first. */
  alternatives: SlotOffer[];
}

export interface SeriesMoveCheckDto {
  zone: string;
  /** The visit asked for first, then the later ones, in time order. */
  visits: SeriesMoveVisitCheck[];
}

interface SeriesOccurrenceDto {
  occurrence: number;
  appointmentId: AppointmentId;
  startAt: EpochMs;
  status: AppointmentStatus;
}

export interface SeriesDto {
  id: SeriesId;
  patientId: PatientId;
  providerId: ProviderId;
  locationId: LocationId;
  typeId: AppointmentTypeId;
  frequency: SeriesFrequency;
  interval: number;
  monthlyBy: MonthlyBy | null;
  count: number | null;
  untilDate: string | null;
  firstStartAt: EpochMs;
  /** Booked occurrences, in time order (skipped ones are absent). */
  occurrences: SeriesOccurrenceDto[];
  version: number;
  createdAt: EpochMs;
  updatedAt: EpochMs;
}

/** Visits that can still be moved or cancelled (the core's rule: the patient has not arrived, the visit is not over). */
const CHANGEABLE: readonly AppointmentStatus[] = ['booked', 'confirmed'];

/** This visit and the series' later visits that a change of "this and the following" moves or cancels, in time order. */
export function followingVisits(series: Pick<SeriesDto, 'occurrences'>, appointmentId: string): SeriesOccurrenceDto[] {
  const self = series.occurrences.find((o) => o.appointmentId === appointmentId);
  if (!self) return [];
  return [self, ...series.occurrences.filter((o) => o.appointmentId !== self.appointmentId && o.startAt > self.startAt && CHANGEABLE.includes(o.status))];
}
