import { useEffect, useRef, type ReactNode } from 'react';
import { useAppStatus } from '../../stores/app-status';
import { useDay } from '../../stores/day';
import { useSection } from '../../stores/section';
import { DateNavigator } from './DateNavigator';
import { UpdateNotice } from './UpdateNotice';
import './app-shell.css';

/**
 * The frame every screen lives in: a top bar (clinic, date navigation, search,
 * sync status, update offer), the main area and a side panel. Feature screens
 * arrive through the slots, so the shell knows none of them.
 */
interface ShellSection {
  key: string;
  label: string;
  /** Shown as a count badge, e.g. conflicts that need attention. */
  badge?: number;
}

export interface AppShellSlots {
  /** The sections of the rail on the left; the rail is hidden while there is only one. */
  sections?: readonly ShellSection[];
  /** Patient search box, in the top bar. */
  search?: ReactNode;
  /** Sync status indicator, right side of the top bar. */
  sync?: ReactNode;
  /** The day's calendar and other main views. */
  main: ReactNode;
  /** Details of what is selected: appointment, patient, reminders…; null hides the panel (the main area widens). */
  side?: ReactNode;
  /** The side panel opens over the main area instead of beside it, so the main area keeps its width (the schedule). */
  sideOver?: boolean;
}

export function AppShell({ sections = [], search, sync, main, side, sideOver = false }: AppShellSlots) {
  const clinic = useAppStatus((s) => s.status?.clinic);
  const day = useDay((s) => s.day);
  const current = useSection((s) => s.section);
  const mainArea = useRef<HTMLElement>(null);

  useEffect(() => {
    if (clinic && day === null) useDay.getState().today();
  }, [clinic, day]);

  // The shell mounts when someone signs in: the focus starts in the screen they came to work on, not on the
  // page itself, so Tab and a screen reader begin there (and single-key shortcuts still work, it is no field).
  useEffect(() => {
    if (document.activeElement === null || document.activeElement === document.body) mainArea.current?.focus();
  }, []);

  return (
    <div className={`shell${sections.length > 1 ? ' shell--rail' : ''}${side === null || sideOver ? ' shell--no-side' : ''}`}>
      <header className="shell__topbar">
        <div className="shell__brand">
          <span className="shell__logo" aria-hidden="true">
            F
          </span>
          <span className="shell__clinic-name" title={clinic?.name}>
            {clinic?.name ?? 'Frontdesk'}
          </span>
        </div>
        <DateNavigator />
        <div className="shell__search">{search}</div>
        <div className="shell__status">
          <UpdateNotice />
          {sync}
        </div>
      </header>
      {sections.length > 1 && (
        <nav className="shell__rail" aria-label="Sections">
          {sections.map((s) => (
            <button
              key={s.key}
              type="button"
              className="shell__rail-item"
              aria-current={s.key === current ? 'page' : undefined}
              onClick={() => useSection.getState().show(s.key)}
            >
              {s.label}
              {s.badge ? (
                <span className="shell__rail-badge" aria-label={`${s.badge} need attention`}>
                  {s.badge}
                </span>
              ) : null}
            </button>
          ))}
        </nav>
      )}
      <main ref={mainArea} tabIndex={-1} className="shell__main" aria-label={sections.find((s) => s.key === current)?.label ?? 'Schedule'}>
        {main}
      </main>
      {side !== null && (
        <aside className={`shell__side${sideOver ? ' shell__side--over' : ''}`} aria-label="Details">
          {side ?? <p className="shell__side-empty">Select an appointment or a patient to see the details here.</p>}
        </aside>
      )}
    </div>
  );
}
