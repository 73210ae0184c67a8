import { useId } from 'react';
import type { AppointmentDto } from '@shared/domain/booking';
import type { SeriesDto } from '@shared/domain/waitlist';
import { useTimeFormatter } from '../../stores/clinic-setup';
import { followingOf, type SeriesScope } from './series-change';

interface Props {
  appointment: AppointmentDto;
  series: SeriesDto | null;
  scope: SeriesScope;
  zone: string;
  onScope(scope: SeriesScope): void;
  /** Lists the dates the wider choice reaches (a cancel; a move lists them after its check). */
  listDates?: boolean;
}

/**
 * "This visit only" or "This and the following (N visits)" for a visit of a
 * series, as calendar apps ask. Nothing is shown for a visit outside a series
 * or the last one still ahead.
 */
export function SeriesScopeChoice({ appointment, series, scope, zone, onScope, listDates = false }: Props) {
  const tf = useTimeFormatter();
  const id = useId();
  const reach = followingOf(series, appointment.id);
  if (reach.length === 0) return null;
  return (
    <fieldset className="bk-field bk-series-scope">
      <legend>This visit is part of a series</legend>
      <label className="bk-radio">
        <input type="radio" name={`${id}-scope`} checked={scope === 'this'} onChange={() => onScope('this')} />
        <span>This visit only</span>
      </label>
      <label className="bk-radio">
        <input type="radio" name={`${id}-scope`} checked={scope === 'following'} onChange={() => onScope('following')} />
        <span>This and the following ({reach.length} visits)</span>
      </label>
      {listDates && scope === 'following' && (
        <ol className="bk-series-scope__dates" aria-label="Visits that change">
          {reach.map((o) => (
            <li key={o.appointmentId}>{tf.shortDateTime(zone, o.startAt)}</li>
          ))}
        </ol>
      )}
    </fieldset>
  );
}
