import { useEffect, type ReactNode } from 'react';
import { useAppStatus } from '../../stores/app-status';
import { useDay } from '../../stores/day';
import { DateNavigator } from './DateNavigator';
import { UpdateNotice } from './UpdateNotice';
import './app-shell.css';

/**
 * The frame every screen lives in: a top bar (clinic, date navigation, search,
 * sync status, update offer), the main area and a side panel. Feature screens
 * arrive through the slots, so the shell knows none of them.
 */
export interface AppShellSlots {
  /** Patient search box, in the top bar. */
  search?: ReactNode;
  /** Sync status indicator, right side of the top bar. */
  sync?: ReactNode;
  /** The day's calendar and other main views. */
  main: ReactNode;
  /** Details of what is selected: appointment, patient, reminders… */
  side?: ReactNode;
}

export function AppShell({ search, sync, main, side }: AppShellSlots) {
  const clinic = useAppStatus((s) => s.status?.clinic);
  const day = useDay((s) => s.day);

  useEffect(() => {
    if (clinic && day === null) useDay.getState().today();
  }, [clinic, day]);

  return (
    <div className="shell">
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
      <main className="shell__main" aria-label="Schedule">
        {main}
      </main>
      <aside className="shell__side" aria-label="Details">
        {side ?? <p className="shell__side-empty">Select an appointment or a patient to see the details here.</p>}
      </aside>
    </div>
  );
}
