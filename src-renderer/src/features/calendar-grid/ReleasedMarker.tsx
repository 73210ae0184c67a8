import { memo } from 'react';
import type { TimeFormatter } from '@shared/time';
import { STATUS_LABEL } from './AppointmentCard';
import type { MarkerModel } from './layout';

interface Props {
  marker: MarkerModel;
  zone: string;
  /** The clinic's time format, handed down by the grid: a day has hundreds of markers, each subscribing to the set-up would cost. */
  tf: TimeFormatter;
  top: number;
  height: number;
  selected: boolean;
  onOpen(marker: MarkerModel): void;
}

/**
 * A cancelled visit or a no-show while they are collapsed: a thin strip at the
 * column's right edge over the time it had, which opens its panel. It takes no
 * width from the visits that still hold their time ("Show cancelled and
 * no-shows" in the grid's display menu turns them back into cards).
 */
export const ReleasedMarker = memo(function ReleasedMarker({ marker, zone, tf, top, height, selected, onOpen }: Props) {
  const a = marker.appointment;
  const label = `${STATUS_LABEL[a.status]}: ${tf.time(zone, a.startAt)}–${tf.time(zone, a.endAt)} ${a.patientFamilyName}, ${a.patientGivenName}, ${a.typeName}`;
  return (
    <button
      type="button"
      className={`cg-marker cg-marker--${a.status}${selected ? ' cg-marker--selected' : ''}`}
      style={{ top, height: Math.max(height - 1, 6) }}
      data-appointment-id={a.id}
      data-status={a.status}
      aria-pressed={selected}
      aria-label={label}
      title={label}
      onClick={(e) => {
        e.stopPropagation();
        onOpen(marker);
      }}
    />
  );
});
