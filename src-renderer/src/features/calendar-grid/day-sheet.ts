import type { CalendarRangeDto, GridVisitDto } from '@shared/domain/calendar';
import type { LocationId, ProviderId } from '@shared/domain/ids';
import type { ClinicSetupDto } from '@shared/domain/setup';
import { localDateIn } from '@shared/time';

/**
 * What "Print day" puts on paper: one day at the location(s) on screen, per
 * location its providers (those shown on the grid with hours or visits that
 * day) and each provider's visits in time order. Pure; each location's times
 * are on its own clock.
 */

interface SheetProvider {
  providerId: ProviderId;
  name: string;
  /** First start and last end of the day's hours, or null when not working. */
  open: { startAt: number; endAt: number } | null;
  visits: GridVisitDto[];
  cancelled: number;
}

export interface SheetLocation {
  locationId: LocationId;
  name: string;
  zone: string;
  providers: SheetProvider[];
}

export function buildDaySheet(
  setup: ClinicSetupDto,
  data: CalendarRangeDto | null,
  o: { date: string; locationId: LocationId | null; hiddenProviderIds: ReadonlySet<ProviderId> },
): SheetLocation[] {
  const out: SheetLocation[] = [];
  for (const l of setup.locations) {
    if (o.locationId && l.id !== o.locationId) continue;
    const onDay = (locationId: string, t: number): boolean => locationId === l.id && localDateIn(l.zone, t) === o.date;
    const providers: SheetProvider[] = [];
    for (const p of setup.providers) {
      if (!p.active || o.hiddenProviderIds.has(p.id)) continue;
      const open = (data?.open ?? []).filter((i) => i.providerId === p.id && onDay(i.locationId, i.startAt));
      const all = (data?.appointments ?? []).filter((a) => a.providerId === p.id && onDay(a.locationId, a.startAt));
      if (open.length === 0 && all.length === 0) continue;
      providers.push({
        providerId: p.id,
        name: p.name,
        open: open.length ? { startAt: Math.min(...open.map((i) => i.startAt)), endAt: Math.max(...open.map((i) => i.endAt)) } : null,
        visits: all.filter((a) => a.status !== 'cancelled').sort((x, y) => x.startAt - y.startAt),
        cancelled: all.filter((a) => a.status === 'cancelled').length,
      });
    }
    if (providers.length > 0) out.push({ locationId: l.id, name: l.name, zone: l.zone, providers });
  }
  return out;
}
