import type { StaffId } from '../../src-shared/domain/ids';
import type { Clock } from './clock';
import type { WriteDb } from './db/open';
import type { CoreEventBus } from './events';

/** Who is acting, from which workstation: recorded on every audit row. */
export interface Actor {
  /** The signed-in person's staff id, or what acts on the desk's own (sync, reminders, start-up); never a patient. */
  user: string;
  /** The signed-in person; null or absent for the desk's own work. */
  staffId?: StaffId | null;
  /** This workstation's stable id (settings). */
  device: string;
}

/** What every service needs: the database, the clock, the acting user and where committed changes are announced. */
export interface CoreContext {
  db: WriteDb;
  clock: Clock;
  actor: Actor;
  /** Told after each commit (never for a change that rolled back); the composition root forwards it to the renderer. */
  events: CoreEventBus;
}
