import { useEffect } from 'react';
import { ErrorToasts } from './components/ErrorToasts';
import { UndoToast } from './components/UndoToast';
import { AppShell } from './features/app-shell';
import { BookingDialogs, NewBookingButton } from './features/booking';
import { AppointmentPanel, CalendarView, useGrid } from './features/calendar-grid';
import { SyncIndicator, SyncSection, useSync } from './features/sync-status';
import { FirstStartScreen } from './features/first-start';
import { LockButton, LockScreen, MyPinSection, useDeskOpen, useMay } from './features/desk-lock';
import { PatientSearchBox, PatientSide, usePatientSearch } from './features/patient-search';
import { PatientDialogs, PatientRecord } from './features/patients';
import { ReportsSection } from './features/reports';
import { AccessHistory, AuditSection } from './features/audit';
import { SeriesDropDialog } from './features/series';
import { SetupSection } from './features/setup';
import { WaitlistDialogs, WaitlistOpeningNotice, WaitlistSection } from './features/waitlist';
import { WaitingRoom } from './features/waiting-room';
import { BackupWarningBanner, RestoreHost } from './features/backups';
import { useAppStatus } from './stores/app-status';
import { useSection } from './stores/section';

/**
 * The start screen until main reports the clinic ready, then the shell.
 * Feature screens plug into the shell's slots here (search, sync, main, side).
 */
export function App() {
  const ready = useAppStatus((s) => s.status?.phase === 'ready');
  // Desk lock: while locked (or not yet known) nothing below is mounted, so the page holds no patient data.
  const deskOpen = useDeskOpen(ready);
  const selectedAppointment = useGrid((s) => s.selectedId);
  const section = useSection((s) => s.section);
  // Conflicts and changes needing attention: counted on the Sync entry of the rail.
  const syncWaiting = useSync((s) => (s.status ? s.status.conflicts + s.status.needsAttention : 0));
  // What the signed-in person may do: sections they may not use are not offered (main refuses them anyway).
  const mayReports = useMay('reports.run');
  const maySetup = useMay('setup.manage');
  const mayAudit = useMay('audit.read');
  // The shell's sections, in rail order. Each feature adds its entry here.
  const sections = [
    {
      key: 'schedule',
      label: 'Schedule',
      element: (
        <div className="bk-schedule">
          <BackupWarningBanner />
          <WaitlistOpeningNotice />
          <CalendarView />
        </div>
      ),
    },
    { key: 'waitlist', label: 'Waitlist', element: <WaitlistSection /> },
    { key: 'waiting-room', label: 'Waiting room', element: <WaitingRoom /> },
    ...(mayReports ? [{ key: 'reports', label: 'Reports', element: <ReportsSection /> }] : []),
    { key: 'sync', label: 'Sync', element: <SyncSection />, badge: syncWaiting > 0 ? syncWaiting : undefined },
    ...(maySetup ? [{ key: 'setup', label: 'Set-up', element: <SetupSection /> }] : []),
    ...(mayAudit ? [{ key: 'audit', label: 'Audit', element: <AuditSection /> }] : []),
    { key: 'my-pin', label: 'My PIN', element: <MyPinSection /> },
  ];
  const current = sections.find((s) => s.key === section) ?? sections[0]!;
  // The side panel appears only for what is open: a visit picked on the schedule or a patient record.
  // On the schedule it opens over the grid, so the columns keep their width.
  const patientOpen = usePatientSearch((s) => s.patientId !== null);
  const onSchedule = current.key === 'schedule';
  const showSide = (onSchedule && selectedAppointment !== null) || patientOpen;
  useEffect(() => useAppStatus.getState().connect(), []);
  // The side panel shows what was chosen last: picking an appointment puts the patient panel away.
  useEffect(() => {
    if (selectedAppointment !== null) usePatientSearch.getState().closePanel();
  }, [selectedAppointment]);

  return (
    <>
      {ready && deskOpen ? (
        <AppShell
          sections={sections}
          main={current.element}
          sync={
            <>
              <LockButton />
              <SyncIndicator />
            </>
          }
          search={
            <div className="desk-search">
              <PatientSearchBox />
              <NewBookingButton />
            </div>
          }
          sideOver={onSchedule}
          side={showSide ? <PatientSide
                fallback={selectedAppointment !== null ? <AppointmentPanel /> : undefined}
                extras={mayAudit ? (id) => <AccessHistory patientId={id} /> : undefined}
                record={(panel) => <PatientRecord panel={panel} />}
              /> : null}
        />
      ) : ready ? (
        <LockScreen />
      ) : (
        <FirstStartScreen />
      )}
      {ready && deskOpen && <BookingDialogs />}
      {ready && deskOpen && <SeriesDropDialog />}
      {ready && deskOpen && <PatientDialogs />}
      {ready && deskOpen && <WaitlistDialogs />}
      <RestoreHost />
      <ErrorToasts />
      {ready && deskOpen && <UndoToast />}
    </>
  );
}
