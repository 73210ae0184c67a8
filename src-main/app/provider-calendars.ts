import type { ProviderCalendarDto } from '../../src-shared/domain/provider-calendars';
import { AppError } from '../../src-shared/domain/errors';
import type { ProviderId } from '../../src-shared/domain/ids';
import { providerCalendarInput, type ProviderCalendarInput, type ProviderCalendarSettings } from '../../src-shared/schemas/provider-calendars';
import { recordAudit } from '../core/audit/audit';
import type { CoreContext } from '../core/context';
import type { ReadDb } from '../core/db/open';
import { prepared } from '../core/db/prepared';
import { inWriteTransaction } from '../core/db/transaction';
import { fieldError, parseInput } from '../core/validation';
import { CalendarFailure, probeCalendar, type CalendarConnection } from '../sync/adapters/caldav/client';
import { listProviderCalendars } from '../sync/adapters/caldav/status';
import { collectionUrl, readConnection, removeConnection, writeConnection } from '../sync/adapters/caldav/store';

/**
 * What the Sync section does with providers' own calendars: test, save and
 * remove a connection. A connection is saved only after the calendar answered
 * as a calendar to these credentials, so a typo never starts a loop of
 * refusals. The password is write-only: `null` keeps the stored one.
 */
export interface CalendarServices {
  core(): CoreContext;
  calendars: { restart(): Promise<void>; refresh(providerId?: string): void };
  /** The providers' busy time changed (connection removed): the grid refreshes. */
  onBusyChanged(providerIds: string[]): void;
}

function connectionOf(db: ReadDb, input: ProviderCalendarInput): { settings: ProviderCalendarSettings; conn: CalendarConnection } {
  const settings = parseInput(providerCalendarInput, input);
  if (prepared<number>(db, `SELECT 1 FROM providers WHERE id = ?`).pluck().get(settings.providerId) !== 1) {
    throw new AppError('NOT_FOUND', 'This provider no longer exists. The list has been refreshed.');
  }
  const url = collectionUrl(settings.url);
  let password = settings.password;
  if (password === null) {
    // The stored password goes only where it was given for: same server, same user.
    const stored = readConnection(db, settings.providerId);
    if (!stored) throw fieldError('password', 'Enter the password.');
    if (new URL(stored.url).origin !== new URL(url).origin || stored.username !== settings.username) {
      throw fieldError('password', 'Enter the password again: the calendar server or user name changed.');
    }
    password = stored.password;
  }
  return { settings, conn: { url, username: settings.username, password } };
}

/** The probe's failure as the error the desk sees (never the server's own words). */
function probeError(f: CalendarFailure): AppError {
  switch (f.kind) {
    case 'unreachable':
      return new AppError('CALENDAR_UNREACHABLE', 'The calendar server cannot be reached. Check the address and this computer’s network, then try again. Nothing was saved.');
    case 'refused':
      return new AppError('CALENDAR_REFUSED', 'The calendar server refused this user name or password. Check them and try again. Nothing was saved.');
    case 'not-a-calendar':
      return fieldError('url', 'This address is not a calendar on the server. Copy the calendar’s own address (CalDAV) from the calendar app. Nothing was saved.');
    case 'rejected':
      return fieldError('url', `The calendar server did not accept the request${f.status ? ` (error ${f.status})` : ''}. Check the calendar address. Nothing was saved.`);
  }
}

async function probe(conn: CalendarConnection): Promise<void> {
  try {
    await probeCalendar(conn);
  } catch (e) {
    throw probeError(e instanceof CalendarFailure ? e : new CalendarFailure('unreachable', ''));
  }
}

export async function testProviderCalendar(db: ReadDb, input: ProviderCalendarInput): Promise<{ ok: true }> {
  await probe(connectionOf(db, input).conn);
  return { ok: true };
}

export function listCalendars(ctx: CoreContext): ProviderCalendarDto[] {
  return listProviderCalendars(ctx.db, ctx.clock.now());
}

export async function saveProviderCalendar(services: CalendarServices, input: ProviderCalendarInput): Promise<ProviderCalendarDto> {
  const ctx = services.core();
  const { settings, conn } = connectionOf(ctx.db, input);
  await probe(conn);
  inWriteTransaction(ctx.db, () => {
    const now = ctx.clock.now();
    writeConnection(ctx.db, settings.providerId, conn, now);
    recordAudit(ctx.db, ctx.actor, now, { action: 'calendars.connect', entityType: 'provider', entityId: settings.providerId });
  });
  await services.calendars.restart();
  return listCalendars(ctx).find((c) => c.providerId === settings.providerId)!;
}

export async function removeProviderCalendar(services: CalendarServices, providerId: ProviderId): Promise<null> {
  const ctx = services.core();
  const removed = inWriteTransaction(ctx.db, () => {
    const done = removeConnection(ctx.db, providerId);
    if (done) recordAudit(ctx.db, ctx.actor, ctx.clock.now(), { action: 'calendars.disconnect', entityType: 'provider', entityId: providerId });
    return done;
  });
  if (!removed) throw new AppError('NOT_FOUND', 'This provider has no calendar connected. The list has been refreshed.');
  await services.calendars.restart();
  services.onBusyChanged([providerId]);
  return null;
}
