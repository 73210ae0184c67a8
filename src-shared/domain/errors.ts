import type { DuplicatePatientDetails } from './patients';

/**
 * Errors are values at the boundary. The union is closed:
 * adding a code is a deliberate change both sides compile against.
 */
export type ErrorCode =
  | 'SLOT_TAKEN'
  | 'ROOM_TAKEN'
  | 'OUTSIDE_HOURS'
  | 'BLOCKED'
  | 'IN_PAST'
  | 'VALIDATION'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'DUPLICATE_PATIENT'
  | 'INVALID_TRANSITION'
  | 'LOCKED'
  | 'FORBIDDEN'
  | 'UNSUPPORTED_VERSION'
  /** The clinic hub cannot be reached (network, address); queued changes wait. */
  | 'HUB_UNREACHABLE'
  /** The clinic hub answered but refused this desk (password, database, permissions, TLS). */
  | 'HUB_REFUSED'
  /** A provider's own calendar server (CalDAV) cannot be reached; calendar updates wait. */
  | 'CALENDAR_UNREACHABLE'
  /** A provider's calendar server refused the user name or password. */
  | 'CALENDAR_REFUSED'
  /** The clinic's EHR (FHIR server) cannot be reached; visits wait. */
  | 'EHR_UNREACHABLE'
  /** The clinic's EHR refused this desk's sign-in (token, password, client id or key). */
  | 'EHR_REFUSED'
  /** The workstation database is encrypted and this desk's key does not open it (or the key is missing). */
  | 'DATABASE_KEY'
  /** The disk holding the clinic database (or the backup folder) is full; nothing was saved. */
  | 'DISK_FULL'
  /** The clinic database (or the backup folder) can be read but not written. */
  | 'DATABASE_READ_ONLY'
  /** The clinic database is damaged (its key is right); writes stop until it is restored or rebuilt. */
  | 'DATABASE_DAMAGED'
  /** The disk or backup folder could not be read or written (removed, network share gone, hardware). */
  | 'DISK_IO'
  | 'INTERNAL';

/** One problem with one field of an input; `path` is dotted ("email.host", "providerIds.1"). */
export interface ValidationIssue {
  path: string;
  message: string;
}

/**
 * What `details` carries for the codes whose details a screen reads. Other
 * keys may ride along (ids for logs and tests); these are the ones with meaning.
 */
interface ErrorDetailsByCode {
  VALIDATION: {
    issues?: ValidationIssue[];
    /** Overlapping opening hours: the row the new one clashes with. */
    conflictingOpeningHoursId?: string;
  };
  /** A wrong current passcode names the field it was typed in. */
  FORBIDDEN: { issues?: ValidationIssue[]; triesLeft?: number };
  LOCKED: { retryAt?: number | null; secondsLeft?: number; deskLocked?: boolean };
  DUPLICATE_PATIENT: DuplicatePatientDetails;
}

/** The details of an error with code `C` (open-ended for codes without named details). */
export type ErrorDetails<C extends ErrorCode> = (C extends keyof ErrorDetailsByCode ? ErrorDetailsByCode[C] : unknown) &
  Record<string, unknown>;

export interface AppErrorShape<C extends ErrorCode = ErrorCode> {
  code: C;
  /** Written for a receptionist: what happened and what to do next. */
  message: string;
  details?: ErrorDetails<C>;
}

/** Narrows an error to one code, so its details are typed. */
export const hasCode = <C extends ErrorCode>(error: AppErrorShape, code: C): error is AppErrorShape<C> => error.code === code;

export type Result<T> = { ok: true; data: T } | { ok: false; error: AppErrorShape };

/** Thrown inside main; turned into `{ ok: false, error }` at the IPC boundary. */
export class AppError<C extends ErrorCode = ErrorCode> extends Error implements AppErrorShape<C> {
  constructor(
    readonly code: C,
    message: string,
    readonly details?: ErrorDetails<C>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toShape(): AppErrorShape<C> {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
