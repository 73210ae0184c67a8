import type { CalendarRangeDto, GridVisitDto } from '../domain/calendar';

/**
 * The calendar's range read as it travels. A busy day is 1,500 visits, read
 * on every day change: as objects, each visit repeats twenty key names and
 * five 36-character ids (about 600 bytes a visit, 900 KB a day) that main
 * writes out, the socket carries and the page parses and then collects. On the
 * wire the visits go as columns instead: ids and words many visits share
 * (provider, location, room, type and its name and colour, status, reminder
 * state) as indexes into one list of distinct strings, times as offsets. About
 * a quarter of the bytes; `unpackCalendarRange` gives the page the same
 * `CalendarRangeDto` back, so every screen reads the visits as before.
 */

/** Strings many visits share: sent once, pointed to by index (-1: null). */
const SHARED = ['providerId', 'locationId', 'roomId', 'typeId', 'typeName', 'typeColour', 'status', 'teamId', 'reminderState'] as const;
/** Strings of each visit alone. */
const OWN = ['id', 'patientId', 'patientGivenName', 'patientFamilyName'] as const;
const FLAGS = ['patientAlert', 'inSeries'] as const;
/** Times and numbers, written as offsets that are short (see packVisits). */
const NUMBERS = ['startAt', 'endAt', 'busyStartAt', 'busyEndAt', 'version'] as const;

type Listed = (typeof SHARED)[number] | (typeof OWN)[number] | (typeof FLAGS)[number] | (typeof NUMBERS)[number];
/** Every field of a grid visit travels: adding one to GridVisitDto without listing it above does not compile. */
const everyFieldListed: Exclude<keyof GridVisitDto, Listed> extends never ? true : never = true;
void everyFieldListed;

/** The visits of a range, column by column: entry i of every column is visit i. */
export interface VisitColumns {
  count: number;
  /** The distinct shared strings the index columns point into. */
  words: string[];
  shared: Record<(typeof SHARED)[number], number[]>;
  own: Record<(typeof OWN)[number], string[]>;
  /** 1 or 0. */
  flags: Record<(typeof FLAGS)[number], number[]>;
  /** startAt from the range's start; endAt from startAt; busyStartAt back from startAt; busyEndAt from endAt. */
  numbers: Record<(typeof NUMBERS)[number], number[]>;
}

/** What `calendar/get-range` sends: the range with its visits as columns. */
export type CalendarRangeWire = Omit<CalendarRangeDto, 'appointments'> & { visits: VisitColumns };

const columns = <K extends string, T>(keys: readonly K[]): Record<K, T[]> => Object.fromEntries(keys.map((k) => [k, [] as T[]])) as Record<K, T[]>;

export function packCalendarRange(range: CalendarRangeDto): CalendarRangeWire {
  const { appointments, ...rest } = range;
  return { ...rest, visits: packVisits(appointments, range.from) };
}

function packVisits(visits: readonly GridVisitDto[], from: number): VisitColumns {
  const words: string[] = [];
  const wordIndex = new Map<string, number>();
  const word = (s: string | null): number => {
    if (s === null) return -1;
    let i = wordIndex.get(s);
    if (i === undefined) {
      i = words.length;
      words.push(s);
      wordIndex.set(s, i);
    }
    return i;
  };
  const out: VisitColumns = {
    count: visits.length,
    words,
    shared: columns(SHARED),
    own: columns(OWN),
    flags: columns(FLAGS),
    numbers: columns(NUMBERS),
  };
  for (const v of visits) {
    for (const k of SHARED) out.shared[k].push(word(v[k]));
    for (const k of OWN) out.own[k].push(v[k]);
    for (const k of FLAGS) out.flags[k].push(v[k] ? 1 : 0);
    const n = out.numbers;
    n.startAt.push(v.startAt - from);
    n.endAt.push(v.endAt - v.startAt);
    n.busyStartAt.push(v.startAt - v.busyStartAt);
    n.busyEndAt.push(v.busyEndAt - v.endAt);
    n.version.push(v.version);
  }
  return out;
}

export function unpackCalendarRange(wire: CalendarRangeWire): CalendarRangeDto {
  const { visits, ...rest } = wire;
  return { ...rest, appointments: unpackVisits(visits, wire.from) };
}

function unpackVisits(c: VisitColumns, from: number): GridVisitDto[] {
  const { words, shared: s, own: o, flags: f, numbers: n } = c;
  const word = (i: number): string | null => (i < 0 ? null : words[i]!);
  const out: GridVisitDto[] = new Array(c.count);
  for (let i = 0; i < c.count; i++) {
    const startAt = from + n.startAt[i]!;
    const endAt = startAt + n.endAt[i]!;
    // Written out field by field: every visit gets the same shape, which the page's engine reads fastest.
    out[i] = {
      id: o.id[i],
      patientId: o.patientId[i],
      providerId: word(s.providerId[i]!),
      locationId: word(s.locationId[i]!),
      roomId: word(s.roomId[i]!),
      typeId: word(s.typeId[i]!),
      startAt,
      endAt,
      busyStartAt: startAt - n.busyStartAt[i]!,
      busyEndAt: endAt + n.busyEndAt[i]!,
      status: word(s.status[i]!),
      version: n.version[i]!,
      teamId: word(s.teamId[i]!),
      patientGivenName: o.patientGivenName[i],
      patientFamilyName: o.patientFamilyName[i],
      typeName: word(s.typeName[i]!),
      typeColour: word(s.typeColour[i]!),
      patientAlert: f.patientAlert[i] === 1,
      inSeries: f.inSeries[i] === 1,
      reminderState: word(s.reminderState[i]!),
    } as GridVisitDto;
  }
  return out;
}
