import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ReminderState } from '@shared/domain/calendar';
import type { AppointmentId, LocationId } from '@shared/domain/ids';
import { useLiveQuery } from '../../api';
import { useClinicSetup } from '../../stores/clinic-setup';
import { useDay } from '../../stores/day';
import { canResend, offsetLabel, REMINDER_STATE_LABEL, ReminderReason, ResendButton } from './ReminderList';
import { dayReminders } from './reminders-store';
import './reminders.css';
import { useTimeFormatter } from '../../stores/clinic-setup';
import type { TimeFormatter } from '@shared/time';

const FILTERS: Array<ReminderState | 'all'> = ['all', 'failed', 'scheduled', 'sending', 'sent', 'skipped', 'cancelled'];

/**
 * Every reminder of the day's visits: what went out, what is due, what failed and why.
 * The schedule passes the location it shows (null: all), its zone, and what choosing a visit does.
 */
export function RemindersDayList({ locationId, zone, onOpenVisit }: { locationId: LocationId | null; zone: string; onOpenVisit(id: AppointmentId): void }) {
  const tf = useTimeFormatter();
  const day = useDay((s) => s.day);
  const setup = useClinicSetup((s) => s);
  const { items, loading } = useLiveQuery(dayReminders, useShallow((s) => ({ items: s.data ?? undefined, loading: s.status === 'loading' })));
  const [filter, setFilter] = useState<ReminderState | 'all'>('all');

  useEffect(() => dayReminders.follow(), []);
  useEffect(() => {
    if (day) void dayReminders.setInput({ date: day, ...(locationId ? { locationId } : {}) });
  }, [day, locationId]);

  const counts = useMemo(() => {
    const c: Record<string, number> = { all: items?.length ?? 0 };
    for (const r of items ?? []) c[r.state] = (c[r.state] ?? 0) + 1;
    return c;
  }, [items]);
  const shown = useMemo(() => (items ?? []).filter((r) => filter === 'all' || r.state === filter), [items, filter]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const rows = useVirtualizer({ count: shown.length, getScrollElement: () => scrollRef.current, estimateSize: () => 44, overscan: 10 });
  const items_ = rows.getVirtualItems();
  const padTop = items_[0]?.start ?? 0;
  const padBottom = items_.length ? rows.getTotalSize() - items_[items_.length - 1]!.end : 0;
  const providerName = useMemo(() => new Map((setup?.providers ?? []).map((p) => [p.id as string, p.name])), [setup]);
  // Each visit on its own location's clock (named when the clinic spans zones).
  const zoneOf = useMemo(() => {
    const zones = new Map<string, string>((setup?.locations ?? []).map((l) => [l.id, l.zone]));
    return (locationId: string): string => zones.get(locationId) ?? zone;
  }, [setup, zone]);

  return (
    <section className="rm-day" aria-labelledby="rm-day-title" data-state={loading || !items ? 'loading' : 'ready'}>
      <div className="rm-day__head">
        <h2 id="rm-day-title" className="rm-day__title">
          Reminders for the day’s visits
        </h2>
        <div className="segmented" role="group" aria-label="Show reminders">
          {FILTERS.map((f) => (
            <button
              key={f}
              type="button"
              className={`segmented__item${filter === f ? ' segmented__item--on' : ''}`}
              aria-pressed={filter === f}
              onClick={() => setFilter(f)}
            >
              {f === 'all' ? 'All' : REMINDER_STATE_LABEL[f]} <span className="rm-count">{counts[f] ?? 0}</span>
            </button>
          ))}
        </div>
      </div>
      <div className="rm-day__scroll" ref={scrollRef} tabIndex={0} role="region" aria-label="Reminder list">
        {items && shown.length === 0 ? (
          <p className="rm-muted rm-day__empty">{items.length === 0 ? 'No reminders for this day.' : 'No reminders in this state.'}</p>
        ) : (
          <table className="rm-table">
            <thead>
              <tr>
                <th scope="col">Visit</th>
                <th scope="col">Patient</th>
                <th scope="col">Provider</th>
                <th scope="col">Reminder</th>
                <th scope="col">Due</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {padTop > 0 && (
                <tr aria-hidden="true">
                  <td colSpan={6} style={{ height: padTop, padding: 0, border: 0 }} />
                </tr>
              )}
              {items_.map((v) => shown[v.index]!).map((r) => (
                <tr key={r.id} data-state={r.state}>
                  <td className="rm-table__time">{tf.timeAt(zoneOf(r.locationId), r.visitStartAt)}</td>
                  <td>
                    <button type="button" className="rm-link" onClick={() => onOpenVisit(r.appointmentId)}>
                      {r.patientFamilyName}, {r.patientGivenName}
                    </button>
                    <span className="rm-sub">{r.typeName}</span>
                  </td>
                  <td>{providerName.get(r.providerId) ?? ''}</td>
                  <td>{offsetLabel(r.offsetMin)}</td>
                  <td>{whenDue(tf, zoneOf(r.locationId), r)}</td>
                  <td>
                    <span className={`rm-badge rm-badge--${r.state}`}>{REMINDER_STATE_LABEL[r.state]}</span>
                    {r.state === 'sent' && r.late && <span className="rm-badge rm-badge--late">Sent late</span>}
                    {canResend(r, r.appointmentStatus) && (
                      <ResendButton reminderId={r.id} label={`Send the reminder for ${r.patientGivenName} ${r.patientFamilyName} again`} />
                    )}
                    <ReminderReason r={r} />
                  </td>
                </tr>
              ))}
              {padBottom > 0 && (
                <tr aria-hidden="true">
                  <td colSpan={6} style={{ height: padBottom, padding: 0, border: 0 }} />
                </tr>
              )}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}

/** When a reminder went out (or is due), on its visit's clock: "Tue 9:15 AM CST". */
function whenDue(tf: TimeFormatter, zone: string, r: { state: ReminderState; sentAt: number | null; dueAt: number }): string {
  const t = r.state === 'sent' && r.sentAt ? r.sentAt : r.dueAt;
  return `${tf.weekdayTime(zone, t)}${tf.zoneTag(zone, t)}`;
}
