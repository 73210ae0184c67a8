import { useEffect, useState } from 'react';
import { ensureClinicSetup } from '../../stores/clinic-setup';
import { ExportPanel } from './ExportPanel';
import { ReportPanel } from './ReportPanel';
import { ScopeFields } from './ScopeFields';
import { useReports } from './reports-store';
import './reports.css';

const TABS = [
  { key: 'export', label: 'Export schedule' },
  { key: 'report', label: 'Provider report' },
] as const;
type TabKey = (typeof TABS)[number]['key'];

/**
 * The Reports section (clinic manager): which dates, locations and
 * providers, then either a schedule export (CSV, iCalendar, PDF day sheets)
 * or the provider report (utilization, no-shows, late cancels, new patients).
 */
export function ReportsSection() {
  const [tab, setTab] = useState<TabKey>('export');
  useEffect(() => {
    useReports.getState().ensureRange();
    void ensureClinicSetup();
  }, []);

  const onTabKey = (e: React.KeyboardEvent) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    const i = TABS.findIndex((t) => t.key === tab);
    const next = TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length]!;
    setTab(next.key);
    document.getElementById(`rp-tab-${next.key}`)?.focus();
  };

  return (
    <div className="rp">
      <header className="rp-head">
        <div>
          <h1 className="rp-title">Reports and exports</h1>
          <p className="rp-lead">Schedules to hand out or import elsewhere, and how full each provider was.</p>
        </div>
      </header>
      <div className="rp-body">
          <ScopeFields />
          <div className="rp-tabs" role="tablist" aria-label="Reports and exports" onKeyDown={onTabKey}>
            {TABS.map((t) => (
              <button
                key={t.key}
                type="button"
                role="tab"
                id={`rp-tab-${t.key}`}
                aria-selected={t.key === tab}
                aria-controls="rp-panel"
                tabIndex={t.key === tab ? 0 : -1}
                className="rp-tab"
                onClick={() => setTab(t.key)}
              >
                {t.label}
              </button>
            ))}
          </div>
          <div className="rp-panel" id="rp-panel" role="tabpanel" aria-labelledby={`rp-tab-${tab}`}>
            {tab === 'export' ? <ExportPanel /> : <ReportPanel />}
          </div>
      </div>
    </div>
  );
}
