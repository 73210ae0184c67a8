/**
 * Answers of the availability channels (`slots/*`), built in main by
 * src-main/core/availability from the database and the slot engine.
 */
import type { AppointmentTypeId, EpochMs, LocationId, ProviderId } from './ids';
import type { Reason, Slot } from './slots';

/** A bookable time at a location (a slot search may span several locations). */
export interface SlotOffer extends Slot {
  locationId: LocationId;
}

export interface SlotSearchResult {
  slots: SlotOffer[];
  /** The providers searched (those able to perform the type), in the order asked. */
  providerIds: ProviderId[];
  /** The locations searched, by name. */
  locationIds: LocationId[];
}

/** The slot engine's verdict on one time for one provider. */
export interface TimeExplanation {
  providerId: ProviderId;
  typeId: AppointmentTypeId;
  locationId: LocationId;
  /** IANA zone of the location: render the reasons' times in it. */
  zone: string;
  start: EpochMs;
  end: EpochMs;
  /** True exactly when a search would offer this time. */
  bookable: boolean;
  /** Empty when bookable. */
  reasons: Reason[];
}

/**
 * The types one provider performs, checked at one start time: those that fit there
 * first, the provider's most-booked first (their visits of the last year and ahead,
 * cancellations left out), then those that do not fit, in the same order.
 */
export interface TypesAtTime {
  providerId: ProviderId;
  locationId: LocationId;
  /** IANA zone of the location. */
  zone: string;
  start: EpochMs;
  types: Array<{ typeId: AppointmentTypeId; fits: boolean; booked: number }>;
}
