import { useEffect, useRef, useState, type FormEvent } from 'react';
import { hasCode } from '@shared/domain/errors';
import { ROLE_LABELS } from '@shared/domain/permissions';
import type { SignInPersonDto, SignInScreenDto } from '@shared/domain/staff';
import { mainNow, useAppStatus } from '../../stores/app-status';
import { useDeskLock } from './desk-lock-store';
import { headline } from './lock-text';
import { FirstManagerForm } from './FirstManagerForm';
import './desk-lock.css';

/**
 * Shown instead of the whole app while nobody is signed in (App unmounts the
 * rest, so the page holds no patient data): "Who is at the desk?" — pick your
 * name, type your PIN. A clinic without a manager yet asks for the first one.
 */
export function LockScreen() {
  const status = useDeskLock((s) => s.status);
  const screen = useDeskLock((s) => s.screen);
  const clinic = useAppStatus((s) => s.status?.clinic?.name ?? 'Frontdesk');
  // Until main has said who may sign in, show nothing at all.
  if (!status || !screen) return <main className="splash" aria-label="Desk" aria-busy="true" />;
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
        {screen.needsFirstManager ? (
          <FirstManagerForm needsDeskPasscode={screen.firstManagerNeedsDeskPasscode} />
        ) : (
          <>
            <h1>Who is at the desk?</h1>
            {status.reason && status.reason !== 'start' && status.reason !== 'manual' && <p className="dl-reason">{headline(status)}</p>}
            <SignIn screen={screen} />
          </>
        )}
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

function SignIn({ screen }: { screen: SignInScreenDto }) {
  const [chosenId, setChosenId] = useState<string | null>(null);
  const chosen = screen.people.find((p) => p.id === chosenId) ?? null;
  if (screen.people.length === 0) {
    return <p className="dl-note">Nobody can sign in at this desk: every staff account is deactivated. Ask the clinic’s support to help.</p>;
  }
  if (chosen) return <PinForm person={chosen} onBack={() => setChosenId(null)} />;
  return <PeopleList screen={screen} onChoose={setChosenId} />;
}

/** Beyond this many names a field lets the person type theirs instead of scrolling. */
const TYPE_TO_FIND_FROM = 8;

function PeopleList({ screen, onChoose }: { screen: SignInScreenDto; onChoose(id: string): void }) {
  const [typed, setTyped] = useState('');
  const needle = typed.trim().toLocaleLowerCase();
  const shown = needle === '' ? screen.people : screen.people.filter((p) => p.name.toLocaleLowerCase().includes(needle));
  return (
    <>
      {screen.people.length > TYPE_TO_FIND_FROM && (
        <div className="dl-field dl-find">
          <label htmlFor="dl-find">Type your name</label>
          <input id="dl-find" value={typed} onChange={(e) => setTyped(e.currentTarget.value)} autoComplete="off" autoFocus />
        </div>
      )}
      <PeopleButtons people={shown} onChoose={onChoose} />
    </>
  );
}

function PeopleButtons({ people, onChoose }: { people: SignInPersonDto[]; onChoose(id: string): void }) {
  if (people.length === 0) return <p className="dl-hint">Nobody by that name. Check the spelling, or ask a manager to add you.</p>;
  return (
    <ul className="dl-people" aria-label="Staff">
      {people.map((p) => (
        <li key={p.id}>
          <button
            type="button"
            className="dl-person"
            onClick={() => {
              useDeskLock.getState().clearSignInError();
              onChoose(p.id);
            }}
          >
            <span className="dl-person__name">{p.name}</span>
            <span className="dl-person__role">{ROLE_LABELS[p.role]}</span>
            {p.demoPin && <span className="dl-person__demo">Demo PIN {p.demoPin}</span>}
          </button>
        </li>
      ))}
    </ul>
  );
}

function PinForm({ person, onBack }: { person: SignInPersonDto; onBack: () => void }) {
  const [secret, setSecret] = useState('');
  const error = useDeskLock((s) => s.signInError);
  const signingIn = useDeskLock((s) => s.signingIn);
  const field = useRef<HTMLInputElement>(null);
  const waitRetryAt = person.retryAt ?? (error && hasCode(error, 'LOCKED') ? (error.details?.retryAt ?? null) : null);
  const secondsLeft = useSecondsLeft(waitRetryAt);
  const waiting = secondsLeft > 0;
  const label = person.secretKind === 'pin' ? 'PIN' : 'Passphrase';

  const onSubmit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (waiting || secret === '') return field.current?.focus();
    const ok = await useDeskLock.getState().signIn(person.id, secret);
    if (!ok) {
      setSecret('');
      field.current?.focus();
    }
  };

  const message = waiting
    ? `Too many wrong tries. Try again in ${secondsLeft} ${secondsLeft === 1 ? 'second' : 'seconds'}.`
    : error?.code === 'LOCKED'
      ? 'You can try again now.'
      : (error?.message ?? null);

  return (
    <form className="dl-form" onSubmit={(e) => void onSubmit(e)} aria-label={`Sign in as ${person.name}`} noValidate>
      <p className="dl-who">
        <strong>{person.name}</strong> · {ROLE_LABELS[person.role]}{' '}
        <button type="button" className="dl-back" onClick={onBack}>
          Not you?
        </button>
      </p>
      <label htmlFor="dl-secret">{label}</label>
      <input
        id="dl-secret"
        ref={field}
        type="password"
        inputMode={person.secretKind === 'pin' ? 'numeric' : undefined}
        value={secret}
        onChange={(e) => setSecret(e.currentTarget.value)}
        autoFocus
        autoComplete="off"
        spellCheck={false}
        aria-invalid={error && !waiting && error.code !== 'LOCKED' ? true : undefined}
        aria-describedby="dl-message"
      />
      {person.demoPin && <p className="dl-hint">Demo PIN: {person.demoPin}</p>}
      <p id="dl-message" className={`dl-message${message && error?.code !== 'LOCKED' && !waiting ? ' dl-message--error' : ''}`} role="alert">
        {message}
      </p>
      <button type="submit" className="button button--primary dl-unlock" disabled={signingIn || waiting}>
        {signingIn ? 'Checking…' : 'Sign in'}
      </button>
    </form>
  );
}
