import type { ClinicSetupDto } from '@shared/domain/setup';
import type { WaitlistEntryDto } from '@shared/domain/waitlist';
import type { TimeFormatter } from '@shared/time';

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** "Dr. Rahman or Dr. Lee", or "Any provider". */
export function providersWords(setup: ClinicSetupDto | null, e: Pick<WaitlistEntryDto, 'providerIds'>): string {
  if (e.providerIds.length === 0) return 'Any provider';
  return e.providerIds.map((id) => setup?.providers.find((p) => p.id === id)?.name ?? 'a provider').join(' or ');
}

/** "Tue, Thu · mornings · Mar 5 – Mar 20", each part left out when any will do. */
export function wishesWords(tf: TimeFormatter, e: Pick<WaitlistEntryDto, 'weekdays' | 'partsOfDay' | 'earliestDate' | 'latestDate'>): string {
  const days = e.weekdays.length === 0 || e.weekdays.length === 7 ? 'Any day' : e.weekdays.map((d) => DAYS[d - 1]).join(', ');
  const parts = e.partsOfDay.length === 1 ? (e.partsOfDay[0] === 'morning' ? 'mornings' : 'afternoons') : 'any time';
  const dates = e.latestDate ? `${tf.shortDate(e.earliestDate)} – ${tf.shortDate(e.latestDate)}` : `from ${tf.shortDate(e.earliestDate)}`;
  return `${days} · ${parts} · ${dates}`;
}
