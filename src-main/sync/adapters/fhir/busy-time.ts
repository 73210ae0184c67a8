import type { CoreContext } from '@main/core/context';
import { prepared } from '@main/core/db/prepared';
import { inWriteTransaction } from '@main/core/db/transaction';
import { mergeBusy, replaceExternalBusy, type BusySpan } from '../../external-busy';
import type { Capabilities } from './capabilities';
import type { FhirClient } from './client';
import { FhirFailure } from './failure';
import { APPOINTMENT_ID_SYSTEM, type Appointment, type FhirResource } from './resources';
import { busySource, DAY_MS, markContact, readMappings } from './store';

/**
 * The EHR's own bookings as external busy time, for every mapped provider:
 * their Appointments in [now − 1 day, now + 8 weeks) that hold time (not
 * cancelled, no-show, entered in error, proposed or waitlisted; not the
 * desk's own visits, which the schedule already has), and busy Slots of
 * their Schedules where the server offers them. Each provider's spans replace
 * their `fhir:<providerId>` rows in one transaction, which the slot engine
 * and the booking guard read (BLOCKED). Returns the providers whose busy time
 * changed. A failure throws a FhirFailure and leaves the previous busy time.
 */
const PULL_BEHIND_MS = DAY_MS;
const PULL_AHEAD_MS = 56 * DAY_MS;
const PAGE = '1000';
const FREE_STATUSES = new Set(['cancelled', 'noshow', 'entered-in-error', 'proposed', 'waitlist']);

interface Slot extends FhirResource {
  resourceType: 'Slot';
  status?: string;
  start?: string;
  end?: string;
}

const instant = (s: unknown): number | null => {
  if (typeof s !== 'string') return null;
  const t = Date.parse(s);
  return Number.isFinite(t) ? t : null;
};

function span(start: unknown, end: unknown, window: BusySpan): BusySpan | null {
  const s = instant(start);
  const e = instant(end);
  if (s === null || e === null) return null;
  const clipped = { start: Math.max(s, window.start), end: Math.min(e, window.end) };
  return clipped.end > clipped.start ? clipped : null;
}

export function appointmentBusy(appointments: readonly Appointment[], window: BusySpan): BusySpan[] {
  const out: BusySpan[] = [];
  for (const a of appointments) {
    if (FREE_STATUSES.has(a.status)) continue;
    if (a.identifier?.some((i) => i.system === APPOINTMENT_ID_SYSTEM)) continue;
    const s = span(a.start, a.end, window);
    if (s) out.push(s);
  }
  return out;
}

const offers = (caps: Capabilities | null, type: string): boolean => !caps || (caps.resources[type]?.interactions.includes('search-type') ?? false);

async function providerBusy(client: FhirClient, caps: Capabilities | null, reference: string, window: BusySpan, signal: AbortSignal): Promise<BusySpan[]> {
  const spans: BusySpan[] = [];
  const from = new Date(window.start).toISOString();
  const to = new Date(window.end).toISOString();
  if (offers(caps, 'Appointment')) {
    const params = new URLSearchParams([['actor', reference], ['date', `ge${from}`], ['date', `lt${to}`], ['_count', PAGE]]);
    spans.push(...appointmentBusy(await client.search<Appointment>('Appointment', params, signal), window));
  }
  if (caps && offers(caps, 'Schedule') && offers(caps, 'Slot')) {
    const schedules = await client.search<FhirResource>('Schedule', new URLSearchParams({ actor: reference, _count: PAGE }), signal);
    const ids = schedules.flatMap((s) => (s.id ? [`Schedule/${s.id}`] : []));
    if (ids.length > 0) {
      const params = new URLSearchParams([['schedule', ids.join(',')], ['status', 'busy,busy-unavailable'], ['start', `ge${from}`], ['start', `lt${to}`], ['_count', PAGE]]);
      for (const slot of await client.search<Slot>('Slot', params, signal)) {
        const s = span(slot.start, slot.end, window);
        if (s && (slot.status === 'busy' || slot.status === 'busy-unavailable')) spans.push(s);
      }
    }
  }
  return spans;
}

export async function pullEhrBusy(ctx: CoreContext, client: FhirClient, caps: Capabilities | null, signal: AbortSignal): Promise<string[]> {
  const now = ctx.clock.now();
  const window = { start: now - PULL_BEHIND_MS, end: now + PULL_AHEAD_MS };
  const providers = [...readMappings(ctx.db, 'provider')];
  const read = new Map<string, BusySpan[]>();
  for (const [providerId, mapping] of providers) {
    if (signal.aborted) throw new FhirFailure('unreachable', 'Stopped.');
    read.set(providerId, mergeBusy(await providerBusy(client, caps, mapping.reference, window, signal)));
  }
  return inWriteTransaction(ctx.db, () => {
    const changed: string[] = [];
    for (const [providerId, spans] of read) {
      // Unmapped while the answer was on its way: that answer is not this provider's any more.
      if (!readMappings(ctx.db, 'provider').has(providerId)) continue;
      if (replaceExternalBusy(ctx.db, providerId, busySource(providerId), spans)) changed.push(providerId);
    }
    // Providers no longer mapped keep no EHR busy time.
    const stale = prepared<string>(ctx.db, `SELECT DISTINCT provider_id FROM external_busy WHERE source LIKE 'fhir:%'`)
      .pluck()
      .all()
      .filter((p) => !read.has(p));
    for (const p of stale) if (replaceExternalBusy(ctx.db, p, busySource(p), [])) changed.push(p);
    markContact(ctx.db, 'pull', ctx.clock.now());
    return changed;
  });
}
