/**
 * The demo clinic: a mixed dental and medical practice on two sites in two
 * time zones. Static definition only; demo/setup.ts creates it through the
 * clinic set-up services, so it passes the same validation as a real clinic.
 */

export type LocationKey = 'manhattan' | 'chicago';
type Role = 'dentist' | 'hygienist' | 'physician' | 'nurse_practitioner';
export type RoomKind = 'operatory' | 'exam';

export interface DemoLocation {
  key: LocationKey;
  name: string;
  zone: string;
  address: string;
  phone: string;
  rooms: Record<RoomKind, number>;
}

export const DEMO_LOCATIONS: readonly DemoLocation[] = [
  {
    key: 'manhattan',
    name: 'Hudson Street (Manhattan)',
    zone: 'America/New_York',
    address: '120 Hudson Street, New York, NY 10013',
    phone: '(212) 555-0100',
    rooms: { operatory: 4, exam: 3 },
  },
  {
    key: 'chicago',
    name: 'Lincoln Park (Chicago)',
    zone: 'America/Chicago',
    address: '2400 N Lincoln Avenue, Chicago, IL 60614',
    phone: '(312) 555-0100',
    rooms: { operatory: 3, exam: 2 },
  },
];

/** Local "HH:mm" opening blocks; a gap between two blocks is a break (lunch). */
interface WeeklyBlock {
  location: LocationKey;
  /** ISO weekdays, 1 = Monday. */
  days: readonly number[];
  blocks: ReadonlyArray<readonly [start: string, end: string]>;
}

export interface DemoProvider {
  name: string;
  role: Role;
  zone: string;
  colour: string;
  hours: readonly WeeklyBlock[];
  /** Works straight through: gets a daily lunch blockout instead of a break in the hours. */
  lunchBlockout?: readonly [start: string, end: string];
  /** Restricts the types this provider performs (a remote provider: video visits only). */
  onlyTypes?: readonly string[];
}

const MORNING_AFTERNOON = [['08:00', '12:00'], ['13:00', '17:00']] as const;

export const DEMO_PROVIDERS: readonly DemoProvider[] = [
  { name: 'Dr. Olivia Bennett, DDS', role: 'dentist', zone: 'America/New_York', colour: '#1f77b4',
    hours: [{ location: 'manhattan', days: [1, 2, 3, 4], blocks: MORNING_AFTERNOON }] },
  { name: 'Dr. Marcus Chen, DMD', role: 'dentist', zone: 'America/New_York', colour: '#ff7f0e',
    hours: [{ location: 'manhattan', days: [2, 3, 4, 5], blocks: [['09:00', '13:00'], ['14:00', '18:00']] }] },
  { name: 'Priya Raman, RDH', role: 'hygienist', zone: 'America/New_York', colour: '#2ca02c',
    hours: [{ location: 'manhattan', days: [1, 3, 5], blocks: [['08:00', '12:00'], ['12:30', '16:30']] }] },
  { name: 'Daniel Okafor, RDH', role: 'hygienist', zone: 'America/New_York', colour: '#d62728',
    hours: [
      { location: 'manhattan', days: [2, 4], blocks: [['09:00', '13:00'], ['13:30', '17:30']] },
      { location: 'manhattan', days: [6], blocks: [['09:00', '13:00']] },
    ] },
  { name: 'Dr. Sarah Goldberg, MD', role: 'physician', zone: 'America/New_York', colour: '#9467bd',
    hours: [{ location: 'manhattan', days: [1, 2, 3, 4, 5], blocks: [['08:30', '12:30'], ['13:30', '17:00']] }] },
  { name: 'Dr. James Whitfield, MD', role: 'physician', zone: 'America/New_York', colour: '#8c564b',
    hours: [{ location: 'manhattan', days: [1, 2, 4], blocks: [['09:00', '12:00'], ['13:00', '16:00']] }] },
  { name: 'Elena Vasquez, NP', role: 'nurse_practitioner', zone: 'America/New_York', colour: '#e377c2',
    hours: [{ location: 'manhattan', days: [1, 2, 3, 4, 5], blocks: [['10:00', '18:00']] }],
    lunchBlockout: ['13:00', '13:45'] },
  { name: 'Dr. Hannah Kowalski, DDS', role: 'dentist', zone: 'America/Chicago', colour: '#7f7f7f',
    hours: [{ location: 'chicago', days: [1, 2, 3, 4, 5], blocks: MORNING_AFTERNOON }] },
  { name: 'Tom Brennan, RDH', role: 'hygienist', zone: 'America/Chicago', colour: '#bcbd22',
    hours: [{ location: 'chicago', days: [1, 2, 3, 4], blocks: [['08:00', '12:00'], ['12:30', '16:30']] }] },
  { name: 'Dr. Aisha Rahman, MD', role: 'physician', zone: 'America/Chicago', colour: '#17becf',
    hours: [{ location: 'chicago', days: [1, 3, 5], blocks: MORNING_AFTERNOON }] },
  // Works at both sites: Chicago three days, Manhattan on Friday mornings.
  { name: 'Dr. Luis Ortega, MD', role: 'physician', zone: 'America/Chicago', colour: '#393b79',
    hours: [
      { location: 'chicago', days: [2, 3, 4], blocks: [['09:00', '13:00'], ['14:00', '18:00']] },
      { location: 'manhattan', days: [5], blocks: [['09:00', '13:00']] },
    ] },
  // Lives in Denver and sees Chicago patients by video: hours are in the location's zone.
  { name: 'Dr. Grace Liu, MD', role: 'physician', zone: 'America/Denver', colour: '#637939',
    hours: [{ location: 'chicago', days: [1, 2, 3, 4], blocks: [['10:00', '14:00']] }],
    lunchBlockout: ['12:00', '12:30'], onlyTypes: ['Telehealth consult'] },
];

export interface DemoType {
  name: string;
  durationMin: number;
  colour: string;
  roles: readonly Role[];
  room: RoomKind | null;
  bufferBeforeMin: number;
  bufferAfterMin: number;
  externalCode: string;
  /** How often it is booked relative to the others a provider can do. */
  weight: number;
}

export const DEMO_TYPES: readonly DemoType[] = [
  { name: 'Dental exam & cleaning', durationMin: 60, colour: '#4e79a7', roles: ['hygienist', 'dentist'], room: 'operatory',
    bufferBeforeMin: 0, bufferAfterMin: 10, externalCode: 'D0120', weight: 6 },
  { name: 'Periodontal maintenance', durationMin: 60, colour: '#59a14f', roles: ['hygienist'], room: 'operatory',
    bufferBeforeMin: 0, bufferAfterMin: 10, externalCode: 'D4910', weight: 2 },
  { name: 'Filling', durationMin: 45, colour: '#f28e2b', roles: ['dentist'], room: 'operatory',
    bufferBeforeMin: 5, bufferAfterMin: 10, externalCode: 'D2391', weight: 4 },
  { name: 'Crown preparation', durationMin: 90, colour: '#e15759', roles: ['dentist'], room: 'operatory',
    bufferBeforeMin: 5, bufferAfterMin: 15, externalCode: 'D2740', weight: 2 },
  { name: 'Emergency dental visit', durationMin: 30, colour: '#b07aa1', roles: ['dentist'], room: 'operatory',
    bufferBeforeMin: 0, bufferAfterMin: 5, externalCode: 'D0140', weight: 1 },
  { name: 'Annual physical', durationMin: 45, colour: '#76b7b2', roles: ['physician', 'nurse_practitioner'], room: 'exam',
    bufferBeforeMin: 0, bufferAfterMin: 5, externalCode: '99396', weight: 3 },
  { name: 'Follow-up visit', durationMin: 15, colour: '#edc948', roles: ['physician', 'nurse_practitioner'], room: 'exam',
    bufferBeforeMin: 0, bufferAfterMin: 0, externalCode: '99213', weight: 5 },
  { name: 'Sick visit', durationMin: 20, colour: '#ff9da7', roles: ['physician', 'nurse_practitioner'], room: 'exam',
    bufferBeforeMin: 0, bufferAfterMin: 5, externalCode: '99214', weight: 4 },
  { name: 'Vaccination', durationMin: 15, colour: '#9c755f', roles: ['nurse_practitioner', 'physician'], room: null,
    bufferBeforeMin: 0, bufferAfterMin: 0, externalCode: '90471', weight: 2 },
  { name: 'Telehealth consult', durationMin: 30, colour: '#bab0ac', roles: ['physician', 'nurse_practitioner'], room: null,
    bufferBeforeMin: 0, bufferAfterMin: 0, externalCode: '99442', weight: 2 },
];

export const CANCEL_REASONS: readonly string[] = [
  'Patient request',
  'Illness',
  'Schedule conflict',
  'Transportation',
  'Weather',
  'Rescheduled by clinic',
];

export const DEMO_CLINIC_NAME = 'Hudson & Lincoln Health (demo)';
