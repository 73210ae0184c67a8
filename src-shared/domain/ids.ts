/**
 * Branded ids: a PatientId cannot be passed where a ProviderId is expected.
 * All ids are UUIDv7 strings generated on the desk that created the entity, so
 * several desks can create rows offline without colliding.
 */
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

export type PatientId = Brand<string, 'PatientId'>;
export type ProviderId = Brand<string, 'ProviderId'>;
export type AppointmentId = Brand<string, 'AppointmentId'>;
export type LocationId = Brand<string, 'LocationId'>;
export type RoomId = Brand<string, 'RoomId'>;
export type AppointmentTypeId = Brand<string, 'AppointmentTypeId'>;
export type BlockoutId = Brand<string, 'BlockoutId'>;
export type ReminderId = Brand<string, 'ReminderId'>;

/** Epoch milliseconds, UTC. Every instant in the system has this type. */
export type EpochMs = number;
export type StaffId = Brand<string, 'StaffId'>;
