import type { AppointmentDto } from '../../src-shared/domain/booking';
import type { ProviderId } from '../../src-shared/domain/ids';
import type { ConflictSuggestion } from '../../src-shared/domain/sync';
import { findSlotsFor, nextAvailableFor } from '../core/availability/service';
import type { CoreContext } from '../core/context';
import { prepared } from '../core/db/prepared';
import { addDays, instantToLocalDate } from '../core/slots/zone-day';

/**
 * Free times to move a refused visit to, as a receptionist calling the
 * patient would look for them: first the same provider's times nearest to
 * the original (earlier the same day counts as near too), then other
 * providers who do the type at the same location, nearest first — so a full
 * or closed week of one provider does not push the offer days away while a
 * colleague is free that morning.
 */
const SAME_PROVIDER = 3;
const OTHER_PROVIDERS = 4;
/** How far ahead to look; beyond two weeks the desk books afresh. */
const SEARCH_DAYS = 14;

export function suggestionsFor(ctx: CoreContext, mine: AppointmentDto, zone: string): ConflictSuggestion[] {
  const location = prepared<{ name: string }>(ctx.db, `SELECT name FROM locations WHERE id = ?`).get(mine.locationId);
  if (!location) return [];
  const fromDate = instantToLocalDate(zone, Math.max(mine.startAt, ctx.clock.now()));
  const names = new Map(prepared<{ id: string; name: string }>(ctx.db, `SELECT id, name FROM providers`).all().map((p) => [p.id, p.name]));
  const distance = (s: { startAt: number }) => Math.abs(s.startAt - mine.startAt);

  const offer = (providerId: ProviderId, s: { start: number; end: number }): ConflictSuggestion => ({
    startAt: s.start,
    endAt: s.end,
    providerId,
    providerName: names.get(providerId) ?? '',
    sameProvider: providerId === mine.providerId,
    locationId: mine.locationId,
    locationName: location.name,
    zone,
  });
  const search = { typeId: mine.typeId, locationId: mine.locationId };
  /** The provider's free times nearest the original: that whole day first, then the days after it. */
  const nearest = (providerId: ProviderId, count: number): ConflictSuggestion[] => {
    try {
      const who = { kind: 'provider' as const, providerId };
      const sameDay = findSlotsFor(ctx.db, ctx.clock, { ...search, who, fromDate, toDate: fromDate }).slots;
      const offers = sameDay.map((s) => offer(providerId, s)).sort((a, b) => distance(a) - distance(b) || a.startAt - b.startAt);
      if (offers.length >= count) return offers.slice(0, count);
      const later = nextAvailableFor(ctx.db, ctx.clock, { ...search, who, fromDate: addDays(fromDate, 1), toDate: addDays(fromDate, SEARCH_DAYS - 1), count: count - offers.length });
      return [...offers, ...later.slots.map((s) => offer(providerId, s))];
    } catch {
      // A provider or type made unbookable since: offer the others (the desk can still cancel).
      return [];
    }
  };

  const others = prepared<ProviderId>(
    ctx.db,
    `SELECT p.id FROM appointment_type_providers tp JOIN providers p ON p.id = tp.provider_id
      WHERE tp.type_id = ? AND p.active = 1 AND p.id <> ? ORDER BY p.name, p.id`,
  )
    .pluck()
    .all(mine.typeId, mine.providerId);
  // Each colleague's nearest time first, then their next ones, so one provider does not fill the list.
  const perOther = others.map((p) => nearest(p, 2));
  const otherOffers = [...perOther.map((xs) => xs[0]), ...perOther.map((xs) => xs[1])]
    .filter((s): s is ConflictSuggestion => s !== undefined)
    .slice(0, Math.max(OTHER_PROVIDERS, perOther.length))
    .sort((a, b) => distance(a) - distance(b) || a.startAt - b.startAt)
    .slice(0, OTHER_PROVIDERS);
  return [...nearest(mine.providerId, SAME_PROVIDER), ...otherOffers];
}
