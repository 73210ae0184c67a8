import type { StaffId } from '../../src-shared/domain/ids';
import type { Clock } from '../platform/clock';
import type { WriteDb } from './db/open';

/** Who is acting, from which workstation: recorded on every audit row. */
export interface Actor {
  /** The signed-in person's staff id, or what acts on the desk's own (sync, reminders, start-up); never a patient. */
  user: string;
  /** The signed-in person; null or absent for the desk's own work. */
  staffId?: StaffId | null;
  /** This workstation's stable id (settings). */
  device: string;
}

/** What every service needs: the database, the clock and the acting user. */
export interface CoreContext {
  db: WriteDb;
  clock: Clock;
  actor: Actor;
}
