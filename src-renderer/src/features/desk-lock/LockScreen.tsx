import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { DeskLockStatus } from '../../../../src-shared/domain/desk-lock';
import { mainNow, useAppStatus } from '../../stores/app-status';
import { useDeskLock } from './desk-lock-store';
import { headline } from './lock-text';
import './desk-lock.css';

/**
 * Shown instead of the whole app while the desk is locked (App unmounts the
 * rest, so the page holds no patient data): the clinic, why it locked, and
 * the passcode — or, on a desk without one, a plain "Resume" and a note that a
 * passcode should be set.
 */
export function LockScreen() {
  const status = useDeskLock((s) => s.status);
  const clinic = useAppStatus((s) => s.status?.clinic?.name ?? 'Frontdesk');
  // Until main has said whether the desk is locked, show nothing at all.
  if (!status) return <main className="splash" aria-label="Desk" aria-busy="true" />;
  return (
    <main className="splash" aria-label="Desk locked">
      <div className="splash__card dl-card">
        <div className="splash__brand" aria-hidden="true">
          <svg width="20" height="20" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.6">
            <rect x="3" y="7" width="10" height="7" rx="1.5" />
            <path d="M5.5 7V5a2.5 2.5 0 0 1 5 0v2" />
          </svg>
        </div>
        <p className="dl-clinic">{clinic}</p>
        <h1>{headline(status)}</h1>
        {status.passcodeSet ? <PasscodeForm status={status} /> : <ResumeWithoutPasscode />}
      </div>
    </main>
  );
}

const secondsUntil = (at: number | null): number => (at === null ? 0 : Math.max(0, Math.ceil((at - mainNow()) / 1000)));

/** Seconds until main accepts tries again, counted down on screen. */
function useSecondsLeft(retryAt: number | null): number {
  const [, tick] = useState(0);
  useEffect(() => {
    if (retryAt === null) return;
    const timer = setInterval(() => {
      tick((n) => n + 1);
      if (secondsUntil(retryAt) === 0) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [retryAt]);
  return secondsUntil(retryAt);
}

function PasscodeForm({ status }: { status: DeskLockStatus }) {
  const [passcode, setPasscode] = useState('');
  const error = useDeskLock((s) => s.unlockError);
  const unlocking = useDeskLock((s) => s.unlocking);
  const field = useRef<HTMLInputElement>(null);
  const waitRetryAt = status.retryAt ?? (typeof error?.details?.retryAt === 'number' ? error.details.retryAt : null);
  const secondsLeft = useSecondsLeft(waitRetryAt);
  const waiting = secondsLeft > 0;

  const onSubmit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (waiting || passcode === '') return field.current?.focus();
    const ok = await useDeskLock.getState().unlock(passcode);
    if (!ok) {
      setPasscode('');
      field.current?.focus();
    }
  };

  const message = waiting
    ? `Too many wrong passcodes. Try again in ${secondsLeft} ${secondsLeft === 1 ? 'second' : 'seconds'}.`
    : error?.code === 'LOCKED'
      ? 'You can try again now.'
      : (error?.message ?? null);

  return (
    <form className="dl-form" onSubmit={(e) => void onSubmit(e)} aria-label="Unlock the desk" noValidate>
      <label htmlFor="dl-passcode">Desk passcode</label>
      <input
        id="dl-passcode"
        ref={field}
        type="password"
        value={passcode}
        onChange={(e) => setPasscode(e.currentTarget.value)}
        autoFocus
        autoComplete="off"
        spellCheck={false}
        aria-invalid={error && !waiting && error.code !== 'LOCKED' ? true : undefined}
        aria-describedby="dl-message"
      />
      <p id="dl-message" className={`dl-message${message && error?.code !== 'LOCKED' && !waiting ? ' dl-message--error' : ''}`} role="alert">
        {message}
      </p>
      <button type="submit" className="button button--primary dl-unlock" disabled={unlocking || waiting}>
        {unlocking ? 'Checking…' : 'Unlock'}
      </button>
    </form>
  );
}

function ResumeWithoutPasscode() {
  const unlocking = useDeskLock((s) => s.unlocking);
  return (
    <div className="dl-form">
      <p className="dl-note">
        This desk has no passcode, so anyone can resume it. Set a desk passcode in <strong>Set-up › Clinic settings</strong> to keep patient
        records locked.
      </p>
      <button
        type="button"
        className="button button--primary dl-unlock"
        onClick={() => void useDeskLock.getState().unlock('')}
        disabled={unlocking}
        autoFocus
      >
        Resume
      </button>
    </div>
  );
}
