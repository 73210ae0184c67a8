import { useEffect, useState, type ReactNode } from 'react';
import { ensureClinicSetup } from '../../stores/clinic-setup';
import { PatientImport } from '../patient-import';
import { HoursTab } from './HoursTab';
import { LocationsTab } from './LocationsTab';
import { ProvidersTab } from './ProvidersTab';
import { RoomsTab } from './RoomsTab';
import { SettingsTab } from './SettingsTab';
import { SetupGuide } from './SetupGuide';
import { DemoReset } from './DemoReset';
import { TypesTab } from './TypesTab';
import { StaffTab } from './StaffTab';
import { BackupSettings } from '../backups';
import './setup.css';

/**
 * The Set-up section (clinic manager): one tab per part of the clinic's
 * description, in the order a new clinic fills them in, and the patient import.
 */
interface SetupTab {
  key: string;
  label: string;
  element: ReactNode;
}

export function SetupSection() {
  const tabs: SetupTab[] = [
    { key: 'locations', label: 'Locations', element: <LocationsTab /> },
    { key: 'rooms', label: 'Rooms', element: <RoomsTab /> },
    { key: 'providers', label: 'Providers', element: <ProvidersTab /> },
    { key: 'hours', label: 'Opening hours', element: <HoursTab /> },
    { key: 'types', label: 'Appointment types', element: <TypesTab /> },
    { key: 'staff', label: 'Staff', element: <StaffTab /> },
    { key: 'import', label: 'Import patients', element: <PatientImport /> },
    { key: 'settings', label: 'Clinic settings', element: <SettingsTab /> },
    { key: 'backups', label: 'Backups', element: <BackupSettings /> },
  ];
  const [current, setCurrent] = useState(tabs[0]!.key);
  useEffect(() => void ensureClinicSetup(), []);
  const tab = tabs.find((t) => t.key === current) ?? tabs[0]!;
  return (
    <div className="su">
      <SetupGuide onGo={setCurrent} />
      <DemoReset />
      <div className="su-tabs" role="tablist" aria-label="Set-up">
        {tabs.map((t) => (
          <button
            key={t.key}
            type="button"
            role="tab"
            id={`su-tab-${t.key}`}
            aria-selected={t.key === tab.key}
            aria-controls="su-panel"
            className="su-tab"
            onClick={() => setCurrent(t.key)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div className="su-panel" id="su-panel" role="tabpanel" aria-labelledby={`su-tab-${tab.key}`}>
        {tab.element}
      </div>
    </div>
  );
}
