import type {
  AppointmentTypeId,
  BlockoutId,
  Brand,
  EpochMs,
  LocationId,
  ProviderId,
  RoomId,
} from './ids';

/** Clinic set-up as the renderer and the other services see it. */

export interface LocationDto {
  id: LocationId;
  name: string;
  /** IANA zone; opening hours at this location are wall-clock times in it. */
  zone: string;
  address: string;
  phone: string;
}

export interface RoomDto {
  id: RoomId;
  locationId: LocationId;
  name: string;
  active: boolean;
}

export interface ProviderDto {
  id: ProviderId;
  name: string;
  colour: string;
  zone: string;
  active: boolean;
  npi: string | null;
}

export interface AppointmentTypeDto {
  id: AppointmentTypeId;
  name: string;
  durationMin: number;
  colour: string;
  needsRoom: boolean;
  externalCode: string | null;
  bufferBeforeMin: number;
  bufferAfterMin: number;
  active: boolean;
  /** Providers allowed to perform this type (none = nobody can be booked for it). */
  providerIds: ProviderId[];
  /** Rooms able to host it; empty = any active room of the visit's location. */
  roomIds: RoomId[];
}

export type OpeningHoursId = Brand<string, 'OpeningHoursId'>;

export interface OpeningHoursRuleDto {
  id: OpeningHoursId;
  providerId: ProviderId;
  locationId: LocationId;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** Local minutes after midnight, [startMin, endMin). */
  startMin: number;
  endMin: number;
  /** Local dates, inclusive; `effectiveUntil` null = open-ended. */
  effectiveFrom: string;
  effectiveUntil: string | null;
}

/** Replaces the weekly hours on one date: no intervals = closed that day. */
export interface HoursOverrideDto {
  providerId: ProviderId;
  locationId: LocationId;
  date: string;
  intervals: Array<{ startMin: number; endMin: number }>;
}

export interface BlockoutDto {
  id: BlockoutId;
  providerId: ProviderId | null;
  roomId: RoomId | null;
  startAt: EpochMs;
  endAt: EpochMs;
  /** Private to the clinic; never sent upstream. */
  reason: string;
}

export type { ClinicSettings } from '../schemas/clinic';
