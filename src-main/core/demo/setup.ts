import type { AppointmentTypeId, LocationId, ProviderId, RoomId } from '@shared/domain/ids';
import {
  addOpeningHours,
  createAppointmentType,
  createLocation,
  createProvider,
  createRoom,
  loadLocationHours,
  setHoursOverride,
  updateClinicSettings,
} from '../clinic';
import type { CoreContext } from '../context';
import type { LocationHours } from '../slots/hours';
import { addDays, isoWeekday } from '../slots/zone-day';
import {
  DEMO_CLINIC_NAME,
  DEMO_LOCATIONS,
  DEMO_PROVIDERS,
  DEMO_TYPES,
  type DemoProvider,
  type DemoType,
  type LocationKey,
  type RoomKind,
} from './data/clinic';
import { FAMILY_NAMES, FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES } from './data/names';
import type { Random } from './random';

/** The created clinic, as the schedule generator needs it. */
export interface ClinicModel {
  locations: LocationModel[];
  providers: ProviderModel[];
  types: TypeModel[];
}

export interface LocationModel {
  key: LocationKey;
  id: LocationId;
  zone: string;
  /** Rooms in the guard's order of preference (by name). */
  rooms: Array<{ id: RoomId; name: string; kind: RoomKind }>;
}

export interface ProviderModel {
  id: ProviderId;
  def: DemoProvider;
  types: TypeModel[];
  /** Where the provider works, with the hours there in the location's zone. */
  sites: Array<{ location: LocationModel; hours: LocationHours }>;
}

export interface TypeModel {
  id: AppointmentTypeId;
  def: DemoType;
}

/** Scale mode multiplies the staff and rooms of each site by this. */
export const SCALE_TEAMS = 4;

export interface SetupOptions {
  /** Local date (YYYY-MM-DD) the demo is built around. */
  today: string;
  /** 1 for the demo; SCALE_TEAMS for the benchmark clinic. */
  teams: number;
  rng: Random;
}

/**
 * Creates locations, rooms, providers, types, weekly hours and a few date
 * overrides through the clinic services — the same validation a manager's
 * set-up goes through. Runs inside the generator's transaction.
 */
export function createDemoSetup(ctx: CoreContext, opts: SetupOptions): ClinicModel {
  updateClinicSettings(ctx, { clinicName: DEMO_CLINIC_NAME });
  const locations = DEMO_LOCATIONS.map((def): LocationModel => {
    const location = createLocation(ctx, { name: def.name, zone: def.zone, address: def.address, phone: def.phone });
    const rooms: LocationModel['rooms'] = [];
    for (const kind of ['operatory', 'exam'] as const) {
      for (let i = 1; i <= def.rooms[kind] * opts.teams; i++) {
        const name = `${kind === 'operatory' ? 'Operatory' : 'Exam room'} ${i}`;
        rooms.push({ id: createRoom(ctx, { locationId: location.id, name }).id, name, kind });
      }
    }
    rooms.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { key: def.key, id: location.id, zone: def.zone, rooms };
  });
  const byKey = new Map(locations.map((l) => [l.key, l]));

  const staff = expandTeams(opts.teams, opts.rng);
  const providerIds = staff.map(
    (def) =>
      createProvider(ctx, {
        name: def.name,
        colour: def.colour,
        zone: def.zone,
        npi: def.role === 'hygienist' ? null : randomNpi(opts.rng),
      }).id,
  );

  const types = DEMO_TYPES.map((def): TypeModel => {
    const performers = staff.flatMap((p, i) =>
      def.roles.includes(p.role) && (p.onlyTypes === undefined || p.onlyTypes.includes(def.name)) ? [providerIds[i]!] : [],
    );
    const roomIds = def.room === null ? [] : locations.flatMap((l) => l.rooms.filter((r) => r.kind === def.room).map((r) => r.id));
    const type = createAppointmentType(ctx, {
      name: def.name,
      durationMin: def.durationMin,
      colour: def.colour,
      needsRoom: def.room !== null,
      externalCode: def.externalCode,
      bufferBeforeMin: def.bufferBeforeMin,
      bufferAfterMin: def.bufferAfterMin,
      providerIds: performers,
      roomIds,
    });
    return { id: type.id, def };
  });

  // Hours have been the same for years: effective long before any generated visit.
  const effectiveFrom = addDays(opts.today, -366 * 12);
  const providers = staff.map((def, i): ProviderModel => {
    const id = providerIds[i]!;
    for (const week of def.hours) {
      for (const weekday of week.days) {
        for (const [start, end] of week.blocks) {
          addOpeningHours(ctx, {
            providerId: id,
            locationId: byKey.get(week.location)!.id,
            weekday,
            startMin: minutesOf(start),
            endMin: minutesOf(end),
            effectiveFrom,
          });
        }
      }
    }
    const siteKeys = [...new Set(def.hours.map((h) => h.location))];
    return {
      id,
      def,
      types: types.filter((t) => t.def.roles.includes(def.role) && (def.onlyTypes === undefined || def.onlyTypes.includes(t.def.name))),
      sites: siteKeys.map((key) => ({ location: byKey.get(key)!, hours: { zone: '', weekly: [], overrides: [] } })),
    };
  });

  addDateOverrides(ctx, providers, opts.today);
  for (const p of providers) {
    for (const site of p.sites) site.hours = loadLocationHours(ctx.db, p.id, site.location.id);
  }
  return { locations, providers, types };
}

/** "HH:mm" → minutes after midnight. */
export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

/**
 * The demo staff, or `teams` copies of it for the benchmark clinic: each copy
 * keeps a colleague's role, hours and zone under a new name.
 */
function expandTeams(teams: number, rng: Random): DemoProvider[] {
  const out: DemoProvider[] = [...DEMO_PROVIDERS];
  for (let t = 1; t < teams; t++) {
    for (const def of DEMO_PROVIDERS) {
      const given = rng.pick(rng.chance(0.5) ? FEMALE_GIVEN_NAMES : MALE_GIVEN_NAMES);
      const family = rng.pick(FAMILY_NAMES);
      const title = def.name.startsWith('Dr. ') ? 'Dr. ' : '';
      const suffix = def.name.includes(', ') ? def.name.slice(def.name.indexOf(', ')) : '';
      out.push({ ...def, name: `${title}${given} ${family}${suffix}`, colour: shiftColour(def.colour, t) });
    }
  }
  return out;
}

function shiftColour(hex: string, step: number): string {
  const n = parseInt(hex.slice(1), 16);
  const rotate = (c: number) => (c + step * 37) % 256;
  const r = rotate((n >> 16) & 255);
  const g = rotate((n >> 8) & 255);
  const b = rotate(n & 255);
  return `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** A valid-looking NPI: 9 random digits and the Luhn check digit over the "80840" prefix. */
function randomNpi(rng: Random): string {
  const base = String(rng.int(1, 2)) + rng.digits(8);
  for (let check = 0; check <= 9; check++) {
    const candidate = base + String(check);
    if (luhnValid('80840' + candidate)) return candidate;
  }
  throw new Error('unreachable: one check digit always fits');
}

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = Number(digits[i]);
    if (double) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * Date overrides near today, as a real front desk has them: the second
 * dentist's vacation week, and a short day for a physician last week.
 */
function addDateOverrides(ctx: CoreContext, providers: ProviderModel[], today: string): void {
  const vacationing = providers[1]!;
  const site = vacationing.sites[0]!;
  for (let d = 8; d <= 12; d++) {
    const date = addDays(today, d);
    if (vacationing.def.hours.some((h) => h.days.includes(isoWeekday(date)))) {
      setHoursOverride(ctx, { providerId: vacationing.id, locationId: site.location.id, date, intervals: [] });
    }
  }
  const shortDay = providers[4]!;
  let date = addDays(today, -6);
  while (isoWeekday(date) > 5) date = addDays(date, -1);
  setHoursOverride(ctx, {
    providerId: shortDay.id,
    locationId: shortDay.sites[0]!.location.id,
    date,
    intervals: [{ startMin: minutesOf('08:30'), endMin: minutesOf('12:00') }],
  });
}
