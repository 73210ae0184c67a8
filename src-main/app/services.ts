import type { AppStatus, ClinicIdentity, DemoProgress } from '../../src-shared/domain/app';
import { AppError, isAppError, type AppErrorShape } from '../../src-shared/domain/errors';
import type { FirstRunStart } from '../../src-shared/schemas/first-run';
import { ensureDeviceId, getClinicSettings, listLocations } from '../core/clinic';
import type { ReadDb } from '../core/db/open';
import type { Actor, CoreContext } from '../core/context';
import { databaseKeyCheck, openDatabase, type DatabaseAccess, type WriteDb } from '../core/db/open';
import { DAMAGED_MESSAGE, faultError } from '../core/db/faults';
import { createEventBus as createCoreEventBus } from '../core/events';
import { SyncEngine } from '../sync/engine';
import { CalendarEngine } from '../sync/adapters/caldav/engine';
import { EhrEngine } from '../sync/adapters/fhir/engine';
import { createHubReminderClaimer } from '../sync/reminder-claims';
import { readSyncStatus } from '../sync/status';
import type { Clock } from '../platform/clock';
import type { ProviderId } from '../../src-shared/domain/ids';
import { stackFrames, type Logger } from '../platform/logger';
import { createBookingActivity, type BookingActivity } from './booking-activity';
import { removeDatabaseFiles, replaceDatabaseFile } from './database-files';
import { UNPROTECTED, type KeyProtector } from './database-key';
import { protectStoredSecrets } from './stored-secrets';
import type { DemoBuild, DemoBuilder } from './demo-build';
import { createEventBus, type EventBus } from './event-bus';
import { createDeskLock, type DeskLock } from './desk-lock';
import { SIGN_IN_COST, type ScryptCost } from '../core/staff';
import { holdWhileLocked } from './lock-aware-events';
import type { UpdateControl } from './updates';
import { createReminderRunner, type ReminderRunner, type ReminderRunnerOptions } from '../reminder-delivery/runner';
import { BackupService } from './backups';
import { readDatabaseKeyCheck, recordDatabaseKeyCheck } from './database-key';
import { watchWaitlistOpenings } from './waitlist-openings';

/**
 * The composition root both transports share (Electron IPC, web host): it
 * owns the database connection, start-up (including the first-start demo
 * build), the push-event bus and the state the handlers need. No electron here.
 */
export interface AppServices<U extends UpdateControl = UpdateControl> {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly events: EventBus;
  readonly bookingActivity: BookingActivity;
  readonly updates: U;
  /** The reminder runner when the app asked for one (`reminders` option); null otherwise. */
  readonly reminders: Pick<ReminderRunner, 'kick' | 'runOnce'> | null;
  /** Upstream sync with the clinic hub; idle without a hub. */
  readonly sync: SyncEngine;
  /** Providers' own calendars (CalDAV): visits pushed, busy time pulled; idle without a connected calendar. */
  readonly calendars: CalendarEngine;
  /** The clinic's EHR (FHIR R4): visits pushed as Appointments, busy time pulled; idle without a connected EHR. */
  readonly ehr: EhrEngine;
  /** Sign-in and the desk lock (src-main/app/desk-lock.ts): the handler table's gate asks it who is at the desk. */
  readonly deskLock: DeskLock;
  /** Backups, the daily database check, restore and rebuild (src-main/app/backups.ts). */
  readonly backups: BackupService;
  /**
   * A disk or database fault seen by a handler, as its typed error (DISK_FULL, DATABASE_READ_ONLY,
   * DATABASE_DAMAGED, DISK_IO); a damaged database stops all writes at once. Null for anything else.
   */
  fault(e: unknown): AppErrorShape | null;
  /** Cost of the verifiers made for new staff PINs. */
  readonly secretCost: ScryptCost;
  status(): AppStatus;
  /** Resolves once start-up has finished, ready or failed. */
  started(): Promise<AppStatus>;
  /** First run with `askFirstRun` (phase 'choosing'): build the demo or start empty. CONFLICT in any other phase. */
  chooseStart(start: FirstRunStart): AppStatus;
  /** Replaces the demo clinic with a freshly built one (FORBIDDEN for a real clinic); resolves when ready again. */
  resetDemo(): Promise<AppStatus>;
  /** The context services run in; only valid once ready (the table's gate ensures it). */
  core(): CoreContext;
  /** How a worker thread's own connection opens the database (SQLite build, key), as this process opened it. */
  workerAccess(): DatabaseAccess;
  /** Stops a demo build in progress and closes the database. Call after the handler table drained. */
  close(): Promise<void>;
}

export interface AppServicesOptions<U extends UpdateControl> {
  dbFile: string;
  clock: Clock;
  logger: Logger;
  appVersion: string;
  /** What audit rows name for the desk's own work (nobody signed in: sync, reminders, start-up). */
  user: string;
  /** Cost of the verifiers made for new staff PINs (tests pass a cheap one; default: core/staff/verifier.ts). */
  secretCost?: ScryptCost;
  /** Electron-ABI better-sqlite3 build, in the app only (platform/native-binding.ts). */
  nativeBinding?: string;
  /**
   * Reads (or, for a new desk, makes) the workstation's database key (app/database-key.ts);
   * called at start, so a missing or wrong key is a start failure that says why.
   * Without it the file is plaintext (tests).
   */
  databaseKey?: () => string;
  /**
   * Wraps the passwords the desk keeps for the hub, mail server, SMS gateway and
   * calendars (app/stored-secrets.ts); the app passes its database-key protector.
   * Without it they are kept unwrapped (tests, the web host).
   */
  secrets?: KeyProtector;
  /** Builds the demo clinic when the database has none; null starts with an empty clinic. */
  demo: DemoBuilder | null;
  /** With a demo builder: on a fresh database, wait for the desk to choose demo or empty (phase 'choosing'). */
  askFirstRun?: boolean;
  updates(deps: { events: EventBus; bookingActivity: BookingActivity; logger: Logger }): U;
  /** Sends due reminders while the app runs (the desktop app opts in); absent = no runner (tests, web host). */
  reminders?: ReminderRunnerOptions;
}

function clinicIdentity(db: ReadDb): ClinicIdentity {
  return { name: getClinicSettings(db).clinicName, zone: listLocations(db)[0]?.zone ?? 'UTC', demo: isDemoClinic(db) };
}

/** The demo generator leaves one 'demo.generate' audit row: only such a clinic may be reset. */
function isDemoClinic(db: ReadDb): boolean {
  return db.prepare(`SELECT 1 FROM audit_log WHERE action = 'demo.generate' LIMIT 1`).get() !== undefined;
}

const PROGRESS_EVENT_INTERVAL_MS = 100;

const START_FAILED: AppErrorShape = {
  code: 'INTERNAL',
  message: 'Frontdesk could not open the clinic database. Restart Frontdesk; if it keeps happening, contact support.',
};

export function startAppServices<U extends UpdateControl>(opts: AppServicesOptions<U>): AppServices<U> {
  const { logger, clock } = opts;
  const bus = createEventBus((e) => logger.warn('events.listener_failed', { stack: stackFrames(e) }));
  // Core services announce committed changes on this desk's own bus (in every context handed out below).
  const coreEvents = createCoreEventBus((name, e) => logger.warn('events.listener_failed', { event: name, stack: stackFrames(e) }));
  // The one way to the core, as the desk itself (nobody signed in). The engines run between start and
  // stop, so an open database is enough for them; work that may fire at any time (the lock, reminders,
  // backups) reaches it only while the desk is ready and no restore is swapping the file.
  const openCore = (): CoreContext | null => (db?.open && actor ? { db, clock, actor, events: coreEvents } : null);
  const readyCore = (): CoreContext | null => (status.phase === 'ready' && !replacing ? openCore() : null);
  const notReady = (): never => {
    throw new Error('the core was used before start-up finished');
  };
  // Events naming patient records wait while the desk is locked (src-main/app/lock-aware-events.ts).
  const deskLock = createDeskLock({
    clock,
    logger,
    core: readyCore,
    onChanged: (s, session) => {
      if (!s.locked) events.release();
      events.emit('desk-lock/changed', s);
      events.emit('session/changed', session);
    },
    ...(opts.secretCost ? { secretCost: opts.secretCost } : {}),
  });
  const events = holdWhileLocked(bus, () => deskLock.isLocked());
  const bookingActivity = createBookingActivity();
  const updates = opts.updates({ events, bookingActivity, logger });
  let actor: Actor | null = null;

  let db: WriteDb | null = null;
  /** A restore or rebuild is swapping the database file. */
  let replacing = false;
  let demoBuild: DemoBuild | null = null;
  let closed = false;
  let status: AppStatus = {
    phase: 'starting',
    demo: null,
    failure: null,
    appVersion: opts.appVersion,
    clinic: null,
    now: clock.now(),
    keychain: opts.secrets?.kind ?? 'none',
  };

  const setStatus = (next: Partial<AppStatus>): void => {
    status = { ...status, ...next };
    events.emit('app/status', { ...status, now: clock.now() });
  };

  // The renderer hears core's announcements as push events.
  const unforward = [
    coreEvents.on('appointments/changed', (e) => {
      events.emit('appointments/changed', e);
      // Every visit change re-arms or cancels its reminders and queues an outbox row.
      events.emit('reminders/changed', { appointmentIds: e.appointmentIds });
      emitSyncStatus();
      sync.kick();
    }),
    coreEvents.on('clinic/changed', (e) => {
      if (db && status.phase === 'ready' && (e.entity === 'settings' || e.entity === 'location')) {
        setStatus({ clinic: clinicIdentity(db) });
      }
      events.emit('clinic/changed', e);
    }),
    watchWaitlistOpenings({ core: () => (db?.open && actor && status.phase === 'ready' ? { db, clock, actor, events: coreEvents } : null), coreEvents, events, logger }),
  ];

  const reminders: ReminderRunner | null = opts.reminders
    ? createReminderRunner(
        {
          core: readyCore,
          logger,
          onChanged: (appointmentIds) => events.emit('reminders/changed', { appointmentIds }),
        },
        // With a clinic hub, the hub decides which desk sends each reminder (src-main/sync/reminder-claims.ts).
        { ...opts.reminders, claimer: opts.reminders.claimer ?? createHubReminderClaimer(() => sync) },
      )
    : null;

  const emitSyncStatus = (): void => {
    if (db?.open && status.phase === 'ready') events.emit('sync/status', readSyncStatus(db));
  };
  const sync = new SyncEngine({
    core: () => openCore() ?? notReady(),
    logger,
    onStatusChanged: emitSyncStatus,
    onPatientsChanged: (patientIds) => events.emit('patients/changed', { patientIds }),
    // The signed-in person's own row may be among them: the session follows it at once (deskLock.session rereads it).
    onStaffChanged: (staffIds) => {
      deskLock.session();
      events.emit('staff/changed', { staffIds });
    },
  });
  const calendars = new CalendarEngine({
    core: () => openCore() ?? notReady(),
    logger,
    onStatusChanged: emitSyncStatus,
    // Busy time is not a visit, but the grid and open searches redraw on this event like on any schedule change.
    onBusyChanged: (providerIds) =>
      events.emit('appointments/changed', { operation: 'calendar.busy', appointmentIds: [], providerIds: providerIds as ProviderId[], locationIds: [], dates: [] }),
  });

  const ehr = new EhrEngine({
    core: () => {
      if (!db || !actor) throw new Error('ehr used before start-up finished');
      return { db, clock, actor, events: coreEvents };
    },
    logger,
    onStatusChanged: emitSyncStatus,
    onBusyChanged: (providerIds) =>
      events.emit('appointments/changed', { operation: 'ehr.busy', appointmentIds: [], providerIds: providerIds as ProviderId[], locationIds: [], dates: [] }),
  });

  // How this process and its workers open the file; the key is read at start.
  let access: DatabaseAccess = opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {};
  const open = (): WriteDb => {
    const opened = openDatabase(opts.dbFile, {
      ...access,
      // The old schema is backed up before migrations change it (when backups are set up).
      beforeMigrate: (old) => backups.beforeMigrate(old, String(old.prepare(`SELECT json_extract(value, '$') FROM settings WHERE key = 'deviceId'`).pluck().get() ?? '')),
    });
    const secrets = protectStoredSecrets(opened, opts.secrets ?? UNPROTECTED);
    if (secrets.rewritten > 0) logger.info('startup.secrets_wrapped', { count: secrets.rewritten, state: opts.secrets?.kind ?? 'none' });
    // Wrapped by another computer's keychain (a restored database): unusable here, asked for again.
    if (secrets.dropped > 0) logger.warn('startup.secrets_unreadable', { count: secrets.dropped });
    return opened;
  };

  // ── Backups, the database check and restore (src-main/app/backups.ts) ──
  const DAMAGED: AppErrorShape = { code: 'DATABASE_DAMAGED', message: DAMAGED_MESSAGE, details: { damaged: true } };
  /** Writes stop at once: every channel but start-up's and the backups' answers DATABASE_DAMAGED. */
  const markDamaged = (): void => {
    if (status.phase === 'failed' && status.failure?.code === 'DATABASE_DAMAGED') return;
    logger.error('database.damaged', {});
    setStatus({ phase: 'failed', demo: null, failure: DAMAGED });
    void stopEngines();
  };
  /**
   * Sync and calendars stop; the reminder runner stays armed (it reads nothing while the phase
   * is not 'ready'), and a run already in flight is waited for (runOnce queues after it).
   */
  const stopEngines = async (): Promise<void> => {
    await reminders?.runOnce().catch(() => undefined);
    await sync.stop();
    await calendars.stop();
    await ehr.stop();
  };
  /** Records the key's check value against the file it opened (tells a damaged file from a wrong key later). */
  const recordKeyCheck = (): void => {
    const check = access.key ? databaseKeyCheck(opts.dbFile, access.key) : null;
    if (check) recordDatabaseKeyCheck(opts.dbFile, check);
    access = access.key && check ? { ...access, keyCheck: check } : access;
  };
  /** Start-up reached 'ready' once (the lock, reminders and backup schedule run from then on). */
  let everReady = false;
  const startOnce = (): void => {
    everReady = true;
    deskLock.start();
    reminders?.start();
    backups.start();
  };
  const backups: BackupService = new BackupService({
    dbFile: opts.dbFile,
    clock,
    logger,
    appVersion: opts.appVersion,
    access: () => access,
    core: readyCore,
    zone: () => status.clinic?.zone ?? 'UTC',
    onStatus: (s) => events.emit('backups/status', s),
    markDamaged,
    async replaceDatabase(install, afterOpen) {
      if (replacing) throw new AppError('CONFLICT', 'A restore is already under way.');
      replacing = true;
      try {
        setStatus({ phase: 'starting', failure: null });
        await stopEngines();
        if (db?.open) db.close();
        db = null;
        install();
        db = open();
        afterOpen(db);
        recordKeyCheck();
        actor = { user: opts.user, device: ensureDeviceId(db) };
        setStatus({ phase: 'ready', demo: null, failure: null, clinic: clinicIdentity(db) });
        if (!everReady) startOnce(); // the database was damaged at start: nothing ran yet
        sync.start();
        calendars.start();
        ehr.start();
      } catch (e) {
        const failure = isAppError(e) ? e.toShape() : START_FAILED;
        logger.error('restore.failed', { code: failure.code, stack: stackFrames(e) });
        setStatus({ phase: 'failed', demo: null, failure });
        throw e;
      } finally {
        replacing = false;
      }
    },
  });
  // ── end backups ──

  async function buildDemo(builder: DemoBuilder): Promise<void> {
    // Built into its own file and moved into place when complete, so a quit
    // half-way leaves no half-built clinic behind: the next start begins again.
    const target = `${opts.dbFile}.demo-building`;
    removeDatabaseFiles(target);
    db?.close();
    db = null;
    setStatus({ phase: 'building-demo', demo: { stage: 'Preparing the demo clinic', done: 0, total: 1 } });
    let lastEmit = 0;
    demoBuild = builder(target, access, (progress: DemoProgress) => {
      status = { ...status, demo: progress };
      const t = Date.now(); // throttles UI traffic only; no domain time is read here
      if (t - lastEmit >= PROGRESS_EVENT_INTERVAL_MS || progress.done >= progress.total) {
        lastEmit = t;
        events.emit('demo/progress', progress);
      }
    });
    await demoBuild.done;
    demoBuild = null;
    replaceDatabaseFile(target, opts.dbFile);
    logger.info('startup.demo_built', {});
  }

  // The first-run choice: asked only on a fresh database, and only when the app opts in.
  let choose: ((start: FirstRunStart) => void) | null = null;
  const firstRunChoice = (): Promise<FirstRunStart> => {
    if (!opts.askFirstRun) return Promise.resolve('demo');
    setStatus({ phase: 'choosing' });
    return new Promise((resolve) => (choose = resolve));
  };

  async function start(): Promise<AppStatus> {
    try {
      if (opts.databaseKey) {
        const keyCheck = readDatabaseKeyCheck(opts.dbFile);
        access = { ...access, key: opts.databaseKey(), ...(keyCheck ? { keyCheck } : {}) };
      }
      db = open();
      if (opts.demo && listLocations(db).length === 0 && (await firstRunChoice()) === 'demo') {
        await buildDemo(opts.demo);
        if (closed) return status;
        db = open();
      }
      if (closed) return status; // quit while the first-run choice was on screen
      recordKeyCheck();
      actor = { user: opts.user, device: ensureDeviceId(db) };
      status = { ...status, phase: 'ready' };
      deskLock.start(); // nobody is signed in: the desk is locked before anything can be read
      setStatus({ phase: 'ready', demo: null, clinic: clinicIdentity(db) });
      logger.info('startup.ready', { version: opts.appVersion });
      everReady = true;
      reminders?.start();
      sync.start();
      calendars.start();
      ehr.start();
      backups.start(); // checks the database in the background now, then daily; scheduled backups
    } catch (e) {
      if (closed) return status;
      const failure = isAppError(e) ? e.toShape() : START_FAILED;
      logger.error('startup.failed', { code: failure.code, errorName: e instanceof Error ? e.name : typeof e, stack: stackFrames(e) });
      setStatus({ phase: 'failed', demo: null, failure });
    }
    return status;
  }

  const starting = start();

  return {
    clock,
    logger,
    events,
    bookingActivity,
    updates,
    reminders,
    sync,
    calendars,
    ehr,
    deskLock,
    backups,
    fault(e) {
      const typed = faultError(e);
      if (typed?.code === 'DATABASE_DAMAGED') markDamaged();
      return typed?.toShape() ?? null;
    },
    secretCost: opts.secretCost ?? SIGN_IN_COST,
    status: () => ({ ...status, now: clock.now() }),
    started: () => starting,
    async resetDemo() {
      if (!db || status.phase !== 'ready' || !opts.demo) {
        throw new AppError('CONFLICT', 'The demo clinic cannot be reset right now. Try again in a moment.');
      }
      if (!isDemoClinic(db)) throw new AppError('FORBIDDEN', 'Only the demo clinic can be reset; this clinic holds real records.');
      logger.info('demo.reset', {});
      // The rebuilt clinic has its own staff: whoever asked signs in again there.
      deskLock.lock('manual');
      try {
        await buildDemo(opts.demo); // closes the connection, builds beside it, moves the new file into place
        db = open();
        if (closed) return status;
        actor = { user: opts.user, device: ensureDeviceId(db) };
        setStatus({ phase: 'ready', demo: null, clinic: clinicIdentity(db) });
      } catch (e) {
        logger.error('demo.reset_failed', { errorName: e instanceof Error ? e.name : typeof e, stack: stackFrames(e) });
        setStatus({ phase: 'failed', demo: null, failure: START_FAILED });
      }
      return { ...status, now: clock.now() };
    },
    chooseStart(start) {
      if (status.phase !== 'choosing' || !choose) {
        throw new AppError('CONFLICT', 'This clinic has already been set up. Reload the window to continue.');
      }
      const resolve = choose;
      choose = null;
      if (start === 'demo') setStatus({ phase: 'building-demo', demo: { stage: 'Preparing the demo clinic', done: 0, total: 1 } });
      else setStatus({ phase: 'starting' });
      resolve(start);
      return { ...status, now: clock.now() };
    },
    core() {
      const core = readyCore() ?? notReady();
      // Every service call acts as the signed-in person: audit rows name them.
      const person = deskLock.person();
      return person ? { ...core, actor: { user: person.id, staffId: person.id, device: core.actor.device } } : core;
    },
    workerAccess: () => access,
    async close() {
      closed = true;
      deskLock.stop();
      for (const off of unforward) off();
      choose?.('empty'); // a pending first-run choice must not hold start-up (and close) open
      if (demoBuild) await demoBuild.cancel().catch(() => undefined);
      await starting;
      await backups.stop(); // a backup in flight finishes on its worker first
      await reminders?.stop(); // aborts sends in flight and waits, before the database closes
      await sync.stop(); // a push in flight finishes (or is retried next start) before the database closes
      await calendars.stop(); // requests in flight are aborted; what they carried stays queued
      await ehr.stop();
      if (db?.open) db.close();
      db = null;
    },
  };
}
