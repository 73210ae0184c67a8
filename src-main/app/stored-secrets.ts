import type { WriteDb } from '../core/db/open';
import { inWriteTransaction } from '../core/db/transaction';
import { reviewStoredReminderSecrets } from '../core/reminders/delivery-settings';
import { bindSecretWrapper } from '../core/secrets/wrapped-secrets';
import { reviewStoredCalendarSecrets } from '../sync/adapters/caldav/store';
import { reviewStoredHubSecret } from '../sync/hub-settings';
import { reviewStoredEhrSecrets } from '../sync/adapters/fhir/store';
import type { KeyProtector } from './database-key';

/**
 * Every password this desk keeps for another system — the hub's, the mail
 * server's, the SMS gateway's and each provider calendar's, the EHR's token or password and signing key — wrapped by the
 * same OS-keychain protector as the database key. Called on every open of
 * the workstation database: it binds the protector to the connection, then
 * (one transaction) wraps secrets still stored plain by an earlier version,
 * wraps again those kept unwrapped while the keychain was missing, and drops
 * those this computer's keychain cannot unwrap (a database restored onto
 * another computer): the desk then shows them as missing, to be entered again.
 */
export function protectStoredSecrets(db: WriteDb, protector: KeyProtector): { rewritten: number; dropped: number } {
  bindSecretWrapper(db, protector);
  return inWriteTransaction(db, () => {
    const hub = reviewStoredHubSecret(db);
    const reminders = reviewStoredReminderSecrets(db);
    const calendars = reviewStoredCalendarSecrets(db);
    const ehr = reviewStoredEhrSecrets(db);
    return {
      rewritten: (hub === 'rewritten' ? 1 : 0) + reminders.rewritten + calendars.rewritten + ehr.rewritten,
      dropped: (hub === 'dropped' ? 1 : 0) + reminders.dropped + calendars.dropped + ehr.dropped,
    };
  });
}
