import type { Clock } from '../platform/clock';
import type { WriteDb } from './db/open';

/** Who is acting, from which workstation: recorded on every audit row. */
export interface Actor {
  /** The signed-in user's id or role name; never a patient. */
  user: string;
  /** This workstation's stable id (settings). */
  device: string;
}

/** What every service needs: the database, the clock and the acting user. */
export interface CoreContext {
  db: WriteDb;
  clock: Clock;
  actor: Actor;
}
