/** The waitlist (ASAP list): entries, what fits a time that opened, the earliest time for each, booking from it. */
export { createWaitlistEntry, updateWaitlistEntry, closeWaitlistEntry } from './entries';
export { listWaitlist, waitlistFits } from './queries';
export { bookFromWaitlist, reopenAfterRefusal } from './book';
export { matchOpening, earliestFits, EARLIEST_HORIZON_DAYS } from './matching';
export { applyRemoteEntry } from './remote';
