import { useEffect, useId, useState } from 'react';
import type { AppointmentStatus } from '@shared/domain/booking';
import type { AppointmentId, EpochMs } from '@shared/domain/ids';
import { useLiveQuery } from '../../api';
import { useTimeFormatter } from '../../stores/clinic-setup';
import { seriesOfVisit } from './series-query';
import { describeRule, positionOf } from './series-words';
import './series.css';

interface Props {
  appointmentId: AppointmentId;
  /** The visit's location's zone: the series' dates are read on its clock. */
  zone: string;
  statusLabel: Record<AppointmentStatus, string>;
  /** Shows another visit of the series (its day on the grid, its panel). */
  onOpenVisit(visit: { appointmentId: AppointmentId; startAt: EpochMs }): void;
}

/**
 * A visit's series on its panel: "Visit 3 of 6 · every 2 weeks until Mar 4,
 * 2026", and the series' visits (date, time, status) on demand, each one a
 * way to open that visit.
 */
export function SeriesSection({ appointmentId, zone, statusLabel, onOpenVisit }: Props) {
  const tf = useTimeFormatter();
  const id = useId();
  const [listed, setListed] = useState(false);
  const series = useLiveQuery(seriesOfVisit, (s) => (s.dataInput?.appointmentId === appointmentId ? s.data : null));
  useEffect(() => seriesOfVisit.follow(), []);
  useEffect(() => {
    void seriesOfVisit.setInput({ appointmentId });
  }, [appointmentId]);
  if (!series) return null;
  const place = positionOf(series, appointmentId);
  return (
    <section className="series-info" aria-labelledby={`${id}-title`}>
      <p id={`${id}-title`} className="series-info__line">
        <span className="series-info__mark" aria-hidden="true">
          ↻
        </span>{' '}
        {place ? `Visit ${place.at} of ${place.of}` : 'Recurring visit'} · {describeRule(series, zone, tf.date)}
      </p>
      <button type="button" className="series-info__toggle" aria-expanded={listed} aria-controls={`${id}-list`} onClick={() => setListed(!listed)}>
        {listed ? 'Hide the series’ visits' : `Show all ${series.occurrences.length} visits`}
      </button>
      {listed && (
        <ol id={`${id}-list`} className="series-info__list" aria-label="Visits of this series">
          {series.occurrences.map((o) => {
            const self = o.appointmentId === appointmentId;
            return (
              <li key={o.appointmentId} className={`series-info__visit series-info__visit--${o.status}`} aria-current={self ? 'true' : undefined}>
                {self ? (
                  <span className="series-info__when">{tf.shortDateTime(zone, o.startAt)} (this visit)</span>
                ) : (
                  <button type="button" className="series-info__when series-info__open" onClick={() => onOpenVisit({ appointmentId: o.appointmentId, startAt: o.startAt })}>
                    {tf.shortDateTime(zone, o.startAt)}
                  </button>
                )}
                <span className={`ap-status ap-status--${o.status} series-info__status`}>{statusLabel[o.status]}</span>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
