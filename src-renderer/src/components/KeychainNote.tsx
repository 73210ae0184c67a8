import { useAppStatus } from '../stores/app-status';
import './keychain-note.css';

/**
 * Shown where passwords are entered when this computer has no keychain to
 * wrap them (main reports it in the app status): they are then kept in the
 * encrypted clinic database with no extra lock, and the database key sits
 * unwrapped beside it.
 */
export function KeychainNote() {
  const keychain = useAppStatus((s) => s.status?.keychain);
  if (keychain !== 'none') return null;
  return (
    <p className="keychain-note" role="note">
      <strong>This computer has no keychain.</strong> Passwords saved here, and the key of this workstation’s database, are kept without
      the extra lock of the computer’s keychain; only the computer’s disk encryption protects them. Ask your IT support to set up the
      system keychain (on Linux: GNOME Keyring or KWallet), then restart Frontdesk.
    </p>
  );
}
