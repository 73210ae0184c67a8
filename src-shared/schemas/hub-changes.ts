import { z } from 'zod';
import { APPOINTMENT_STATUSES } from '../domain/booking';
import { appointmentId, patientId } from './booking';
import {
  appointmentTypeId,
  blockoutId,
  createAppointmentTypeInput,
  createLocationInput,
  createProviderInput,
  createRoomInput,
  locationId,
  MAX_BUSY_SPAN_MIN,
  openingHoursId,
  createOpeningHoursInput,
  providerId,
  removeHoursOverrideInput,
  roomId,
  setHoursOverrideInput,
} from './clinic';
import { epochMs, optionalText } from './fields';
import { createPatientInput } from './patients';
import { createStaffInput, staffIdInput } from './staff';

/**
 * Changes pulled from the clinic hub, parsed before a desk applies them with
 * the same field schemas the IPC inputs use: another desk's change is input
 * like any other. A change that does not parse is quarantined, never applied.
 * Unknown extra fields are dropped.
 */
const version = z.number().int().min(1).max(2_147_483_647);
const at = epochMs('time');

const pulledAppointment = z
  .object({
    id: appointmentId,
    patientId,
    providerId,
    locationId,
    roomId: roomId.nullable(),
    typeId: appointmentTypeId,
    startAt: at,
    endAt: at,
    busyStartAt: at,
    busyEndAt: at,
    status: z.enum(APPOINTMENT_STATUSES),
    cancelReason: optionalText('cancellation reason', 500).nullable(),
    note: optionalText('note', 2000),
    version,
    baseVersion: z.number().int().min(0),
    teamId: appointmentId.nullable(),
    // Desks from before arrival times were kept send none.
    arrivedAt: at.nullable().default(null),
    seatedAt: at.nullable().default(null),
    doneAt: at.nullable().default(null),
    createdAt: at,
    updatedAt: at,
  })
  .refine((a) => a.startAt < a.endAt, { message: 'The visit ends before it starts.', path: ['endAt'] })
  .refine((a) => a.busyStartAt <= a.startAt && a.busyEndAt >= a.endAt, { message: 'The busy time does not cover the visit.', path: ['busyStartAt'] })
  .refine((a) => a.busyEndAt - a.busyStartAt <= MAX_BUSY_SPAN_MIN * 60_000, { message: 'The visit is longer than any type allows.', path: ['busyEndAt'] });

const p = createPatientInput.shape;
const pulledPatient = z.object({
  id: patientId,
  givenName: p.givenName,
  familyName: p.familyName,
  dateOfBirth: p.dateOfBirth,
  phone: p.phone,
  phoneDigits: z.string().regex(/^\d{0,20}$/),
  email: p.email,
  preferredChannel: z.enum(['sms', 'email', 'none']),
  smsOptOut: z.boolean(),
  emailOptOut: z.boolean(),
  notes: p.notes,
  createdAt: at,
  updatedAt: at,
});

const pulledLocation = z.object({ ...createLocationInput.shape, id: locationId });
const pulledRoom = z.object({ ...createRoomInput.shape, id: roomId, active: z.boolean() });
const pulledProvider = z.object({ ...createProviderInput.shape, id: providerId, active: z.boolean() });
const pulledAppointmentType = z.object({ ...createAppointmentTypeInput.shape, id: appointmentTypeId });
const pulledOpeningHours = z
  .object({ ...createOpeningHoursInput.shape, id: openingHoursId })
  .refine((r) => r.endMin > r.startMin, { message: 'The closing time must be after the opening time.', path: ['endMin'] });
const pulledHoursOverride = z.union([z.object(setHoursOverrideInput.shape), z.object(removeHoursOverrideInput.shape).extend({ intervals: z.array(z.never()).default([]) })]);
const pulledBlockout = z
  .object({ id: blockoutId, providerId: providerId.nullable(), roomId: roomId.nullable(), startAt: at, endAt: at })
  .refine((b) => b.endAt > b.startAt, { message: 'The blocked time ends before it starts.', path: ['endAt'] })
  .refine((b) => b.providerId !== null || b.roomId !== null, { message: 'The blocked time names neither a provider nor a room.', path: ['providerId'] });

/**
 * A staff account as the hub carries it: the salted scrypt verifier travels
 * (so a person signs in at every desk of the clinic), never the PIN itself.
 */
const scryptVerifier = z.object({
  algo: z.literal('scrypt'),
  N: z.number().int().min(2).max(1_048_576),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
  salt: z.string().regex(/^[A-Za-z0-9+/]{8,64}={0,2}$/),
  hash: z.string().regex(/^[A-Za-z0-9+/]{16,128}={0,2}$/),
});
const pulledStaff = z.object({
  id: staffIdInput.shape.staffId,
  name: createStaffInput.shape.name,
  role: createStaffInput.shape.role,
  active: z.boolean(),
  secretKind: z.enum(['pin', 'passphrase']),
  verifier: scryptVerifier,
  createdAt: at,
  updatedAt: at,
  deactivatedAt: at.nullable(),
  version,
});

export type PulledChange =
  | { entity: 'appointment'; record: z.output<typeof pulledAppointment> }
  | { entity: 'patient'; record: z.output<typeof pulledPatient> }
  | { entity: 'location'; record: z.output<typeof pulledLocation> }
  | { entity: 'room'; record: z.output<typeof pulledRoom> }
  | { entity: 'provider'; record: z.output<typeof pulledProvider> }
  | { entity: 'appointment_type'; record: z.output<typeof pulledAppointmentType> }
  | { entity: 'opening_hours'; record: z.output<typeof pulledOpeningHours>; removed: boolean }
  | { entity: 'hours_override'; record: z.output<typeof pulledHoursOverride>; removed: boolean }
  | { entity: 'blockout'; record: z.output<typeof pulledBlockout>; removed: boolean }
  | { entity: 'staff'; record: z.output<typeof pulledStaff> };

const OPERATIONS: Record<PulledChange['entity'], readonly string[]> = {
  appointment: ['book', 'reschedule', 'cancel', 'confirm', 'check_in', 'seat', 'complete', 'no_show', 'resolve'],
  patient: ['create', 'update'],
  location: ['create', 'update'],
  room: ['create', 'update'],
  provider: ['create', 'update'],
  appointment_type: ['create', 'update'],
  opening_hours: ['create', 'update', 'remove'],
  hours_override: ['set', 'remove'],
  blockout: ['create', 'update', 'remove'],
  staff: ['create', 'first_manager', 'update', 'deactivate', 'reactivate', 'secret_reset', 'secret_change'],
};

const SCHEMAS = {
  appointment: pulledAppointment,
  patient: pulledPatient,
  location: pulledLocation,
  room: pulledRoom,
  provider: pulledProvider,
  appointment_type: pulledAppointmentType,
  opening_hours: pulledOpeningHours,
  hours_override: pulledHoursOverride,
  blockout: pulledBlockout,
  staff: pulledStaff,
} as const;

export type PulledParse = { ok: true; change: PulledChange } | { ok: false; reason: string };

/**
 * Parses one logged change. The record must name the entity the log row
 * names (a hours override is named by its provider). Reasons name fields,
 * never values (they can be patient data).
 */
export function parsePulledChange(entityType: string, operation: string, entityId: string, payload: unknown): PulledParse {
  if (!(entityType in SCHEMAS)) return { ok: false, reason: 'A kind of change this desk does not know.' };
  const entity = entityType as PulledChange['entity'];
  const [prefix, verb] = operation.split('.');
  if (prefix !== entity || !OPERATIONS[entity].includes(verb ?? '')) return { ok: false, reason: 'An operation this desk does not know.' };
  const raw = entity === 'patient' && verb === 'update' ? (payload as { patient?: unknown } | null)?.patient : payload;
  const parsed = SCHEMAS[entity].safeParse(raw);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.map(String).join('.') || 'record'))].slice(0, 5);
    return { ok: false, reason: `Not a valid ${entity.replace('_', ' ')} (${fields.join(', ')}).` };
  }
  const record = parsed.data as { id?: string; providerId?: string };
  if ((entity === 'hours_override' ? record.providerId : record.id) !== entityId) return { ok: false, reason: 'The record does not match the change that carries it.' };
  const removed = verb === 'remove';
  return { ok: true, change: { entity, record, removed } as PulledChange };
}
