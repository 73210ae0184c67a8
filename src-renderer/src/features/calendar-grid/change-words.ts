import type { AppointmentDto } from '@shared/domain/booking';
import type { GridVisitDto } from '@shared/domain/calendar';
import { currentSetup, currentTimeFormatter, locationById } from '../../stores/clinic-setup';
import { useAppStatus } from '../../stores/app-status';
import type { StatusAction } from './grid-store';

/** The words of the message after a change made on the grid, panel or card menu (the one that offers Undo). */

const DONE: Record<StatusAction | 'cancel', string> = {
  confirm: 'Confirmed',
  'check-in': 'Checked in',
  complete: 'Completed',
  'mark-no-show': 'Marked as a no-show',
  cancel: 'Cancelled',
};

const when = (a: Pick<AppointmentDto, 'locationId' | 'startAt'>): string => {
  const zone = locationById(currentSetup(), a.locationId)?.zone ?? useAppStatus.getState().status?.clinic?.zone ?? 'UTC';
  const tf = currentTimeFormatter();
  // On the visit's location's clock, named when the clinic spans zones.
  return `${tf.shortDateTime(zone, a.startAt)}${tf.zoneTag(zone, a.startAt)}`;
};

const nameOf = (v: GridVisitDto): string => `${v.patientGivenName} ${v.patientFamilyName}`;

export function movedMessage(visit: GridVisitDto, after: AppointmentDto): string {
  const provider = after.providerId !== visit.providerId ? currentSetup()?.providers.find((p) => p.id === after.providerId)?.name : undefined;
  return `Moved ${nameOf(visit)} to ${when(after)}${provider ? ` with ${provider}` : ''}.`;
}

export function statusMessage(action: StatusAction | 'cancel', visit: GridVisitDto): string {
  return `${DONE[action]}: ${nameOf(visit)}, ${when(visit)}.`;
}
