/**
 * A desk that runs one pass of the reminder runner on a database file and is
 * killed by the test while a send is in flight (the gateway never answers).
 *
 * argv: <database file> <now, epoch ms>
 */
import { openDatabase } from '@main/core/db/open';
import { createReminderRunner } from '@main/reminder-delivery/runner';
import { FixedClock } from '@main/platform/clock';
import { createEventBus } from '@main/core/events';

const [file, now] = process.argv.slice(2);
const db = openDatabase(file!);
const ctx = { db, clock: new FixedClock(Number(now)), actor: { user: 'desk', device: 'test-device' }, events: createEventBus() };
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const runner = createReminderRunner({ core: () => ctx, logger: quiet, onChanged: () => undefined }, { smsTimeoutMs: 600_000 });
void runner.runOnce();
