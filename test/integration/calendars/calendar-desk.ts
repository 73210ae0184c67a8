import { buildClinic, type ClinicFixture } from '../../helpers/clinic-fixture';
import { openTempDb } from '../../helpers/tempdb';
import type { TestRadicale } from '../../helpers/radicale';
import { inWriteTransaction } from '@main/core/db/transaction';
import { createLogger } from '@main/platform/logger';
import { CalendarEngine, type CalendarEngineOptions } from '@main/sync/adapters/caldav/engine';
import { writeConnection } from '@main/sync/adapters/caldav/store';

/**
 * A desk for the calendar tests: the fixture clinic in a real SQLite file
 * (pinned clock), Dr. Smith's calendar at alice/<name> and, when asked, Dr.
 * Jones's at bob/<name> on the test Radicale, and a CalendarEngine on it.
 */
export interface CalendarDesk {
  fx: ClinicFixture;
  engine: CalendarEngine;
  smithUrl: string;
  jonesUrl: string | null;
  logLines: string[];
  busyChanged: string[][];
  close(): Promise<void>;
}

let seq = 0;

export async function calendarDesk(
  radicale: TestRadicale,
  opts: { jones?: boolean; engine?: Partial<CalendarEngineOptions>; openAllDay?: boolean } = {},
): Promise<CalendarDesk> {
  const t = openTempDb();
  const fx = buildClinic(t.db, { openAllDay: opts.openAllDay ?? false });
  const name = `cal${++seq}`;
  const smithUrl = await radicale.makeCalendar('alice', name);
  const jonesUrl = opts.jones ? await radicale.makeCalendar('bob', name) : null;
  const ctx = fx.ctx;
  inWriteTransaction(ctx.db, () => {
    writeConnection(ctx.db, fx.providers.smith.id, { url: smithUrl, username: 'alice', password: radicale.users.alice! }, ctx.clock.now());
    if (jonesUrl) writeConnection(ctx.db, fx.providers.jones.id, { url: jonesUrl, username: 'bob', password: radicale.users.bob! }, ctx.clock.now());
  });
  const logLines: string[] = [];
  const busyChanged: string[][] = [];
  const engine = new CalendarEngine({
    core: () => ctx,
    logger: createLogger({ write: (l) => logLines.push(l), minLevel: 'debug' }),
    onStatusChanged: () => undefined,
    onBusyChanged: (ids) => busyChanged.push(ids),
    maxBackoffMs: 300,
    ...opts.engine,
  });
  return {
    fx,
    engine,
    smithUrl,
    jonesUrl,
    logLines,
    busyChanged,
    async close() {
      await engine.stop();
      t.cleanup();
    },
  };
}
