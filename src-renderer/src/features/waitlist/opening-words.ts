import type { ClinicSetupDto } from '@shared/domain/setup';
import type { TimeFormatter } from '@shared/time';
import type { WaitlistOpening } from '@shared/domain/waitlist';
import { providerById } from '../../stores/clinic-setup';
import { zoneOfLocation } from './zones';

/** "3 on the waitlist fit Mon 10:15 AM with Dr. Rahman": the same words on the banner and at the marker. */
export function openingWords(opening: WaitlistOpening, setup: ClinicSetupDto | null, tf: TimeFormatter): string {
  const provider = providerById(setup, opening.providerId)?.name ?? 'the provider';
  const when = tf.weekdayTime(zoneOfLocation(setup, opening.firstLocationId), opening.firstStart);
  return `${opening.count} on the waitlist ${opening.count === 1 ? 'fits' : 'fit'} ${when} with ${provider}`;
}
