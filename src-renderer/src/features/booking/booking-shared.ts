import { create } from 'zustand';
import type { AppErrorShape } from '@shared/domain/errors';
import type { EpochMs, PatientId, ProviderId } from '@shared/domain/ids';
import type { PartOfDay } from '@shared/schemas/slots';
import { mainNow, useAppStatus } from '../../stores/app-status';
import { currentSetup, currentTimeFormatter, locationById } from '../../stores/clinic-setup';
import { addDays, localDateIn } from '@shared/time';

/**
 * What the booking, reschedule, cancel and "why not" flows share: the search
 * criteria, the guard refusals that mean "pick another time", how a slot is
 * described, and the line announcing the last change.
 */

export const ANY = 'any';
/** `providerId` TEAM: a care team, every provider of `teamIds` with the patient at once. */
export const TEAM = 'team';

/** What the receptionist is looking for. `providerId` ANY = any provider able to do the type. */
export interface Criteria {
  typeId: string;
  providerId: string;
  /** The care team when `providerId` is TEAM. */
  teamIds: string[];
  /** '' = every location the providers work at. */
  locationId: string;
  fromDate: string;
  toDate: string;
  partOfDay: PartOfDay;
}

export interface ChosenPatient {
  id: PatientId;
  name: string;
  dateOfBirth: string;
}

/** A message in the dialog itself (role=alert), written for the receptionist. */
export interface Problem {
  code: AppErrorShape['code'];
  message: string;
}

export const FIRST_COUNT = 12;
const SEARCH_DAYS = 14;
/** Guard refusals that mean "this time is no longer possible": say so and show fresh times. */
export const TIME_GONE: ReadonlyArray<AppErrorShape['code']> = ['SLOT_TAKEN', 'ROOM_TAKEN', 'IN_PAST', 'OUTSIDE_HOURS', 'BLOCKED'];
export const FRESH_TIMES = ' The times below are free right now.';

const clinicZone = (): string => useAppStatus.getState().status?.clinic?.zone ?? 'UTC';
export const zoneOf = (locationId: string | undefined): string => (locationId && locationById(currentSetup(), locationId)?.zone) || clinicZone();
export const today = (): string => localDateIn(clinicZone(), mainNow());
export const maxDate = (a: string, b: string): string => (a > b ? a : b);

export const fullName = (p: { givenName: string; familyName: string }): string => `${p.givenName} ${p.familyName}`;
export const problemOf = (e: AppErrorShape): Problem => ({ code: e.code, message: e.message });

export function defaultCriteria(patch: Partial<Criteria> = {}): Criteria {
  const from = patch.fromDate ?? today();
  return {
    typeId: currentSetup()?.appointmentTypes.find((t) => t.active)?.id ?? '',
    providerId: ANY,
    teamIds: [],
    locationId: '',
    fromDate: from,
    toDate: addDays(from, SEARCH_DAYS - 1),
    partOfDay: 'any',
    ...patch,
  };
}

/** The types a provider performs (all active types for "any"). */
export function typesFor(providerId: string) {
  const types = currentSetup()?.appointmentTypes.filter((t) => t.active) ?? [];
  return providerId === ANY || providerId === TEAM ? types : types.filter((t) => t.providerIds.some((id) => id === providerId));
}

function whoOf(c: Criteria) {
  if (c.providerId === ANY) return { kind: 'any' } as const;
  if (c.providerId === TEAM) return { kind: 'team', providerIds: c.teamIds as ProviderId[] } as const;
  return { kind: 'provider', providerId: c.providerId as ProviderId } as const;
}

export function slotSearchInput(c: Criteria, count: number) {
  return {
    typeId: c.typeId,
    who: whoOf(c),
    ...(c.locationId ? { locationId: c.locationId } : {}),
    fromDate: c.fromDate,
    toDate: c.toDate,
    partOfDay: c.partOfDay,
    count,
  };
}

/** "Tue, Nov 25, 9:30 AM" (with the zone when the clinic names zones): when a visit is, on its location's clock. */
export function whenOf(a: { startAt: EpochMs; locationId: string }): string {
  const zone = zoneOf(a.locationId);
  const tf = currentTimeFormatter();
  return `${tf.shortDateTime(zone, a.startAt)}${tf.zoneTag(zone, a.startAt)}`;
}

/**
 * "Tue, Nov 25, 9:30 AM — Checkup with Dr. X", on the location's clock; in a clinic with
 * several locations it says which ("… at Lincoln Park"), and the zone when they span zones ("9:30 AM CST").
 */
export function describeSlot(slot: { start: EpochMs; locationId: string; providerIds: readonly string[] }, typeId: string): string {
  const setup = currentSetup();
  const when = whenOf({ startAt: slot.start, locationId: slot.locationId });
  const type = setup?.appointmentTypes.find((t) => t.id === typeId)?.name ?? 'Visit';
  const who = slot.providerIds.map((id) => setup?.providers.find((p) => p.id === id)?.name ?? 'a provider').join(' and ');
  const place = (setup?.locations.length ?? 0) > 1 ? ` at ${locationById(setup, slot.locationId)?.name ?? 'the clinic'}` : '';
  return `${when} — ${type} with ${who}${place}`;
}

/** The last change made here, announced politely (role=status) after its dialog closed. */
export interface Done {
  id: number;
  message: string;
}

export const useBookingDone = create<{ done: Done | null; announce(message: string): void; clear(): void }>()((set, get) => ({
  done: null,
  announce: (message) => set({ done: { id: (get().done?.id ?? 0) + 1, message } }),
  clear: () => set({ done: null }),
}));

/** Runs a read that closing the dialog abandons; null when it was abandoned. */
export async function unlessClosed<T>(signal: AbortSignal, read: (signal: AbortSignal) => Promise<T>): Promise<T | null> {
  try {
    const r = await read(signal);
    return signal.aborted ? null : r;
  } catch (e) {
    if (signal.aborted) return null;
    throw e;
  }
}

/** The reads of one open dialog: opening again or closing abandons what the last opening still reads. */
export function dialogReads() {
  let controller = new AbortController();
  return {
    /** Abandons the previous opening's reads; returns the new opening's signal. */
    renew(): AbortSignal {
      controller.abort();
      controller = new AbortController();
      return controller.signal;
    },
    get signal(): AbortSignal {
      return controller.signal;
    },
    abandon: (): void => controller.abort(),
  };
}
