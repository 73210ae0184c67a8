import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { BackupFileDto, BackupPreviewDto, BackupReason, BackupStatusDto, BackupWarning, RestoreOutcomeDto } from '../../src-shared/domain/backups';
import { AppError, isAppError, type AppErrorShape } from '../../src-shared/domain/errors';
import type { BackupSettingsInput } from '../../src-shared/schemas/backups';
import {
  assertFolderReachable,
  backupDue,
  backupPath,
  backupsToRemove,
  createRecoveryKey,
  DEFAULT_ROTATION,
  listBackups,
  nextBackupAt,
  openKeyed,
  removeStalePartials,
  STALE_AFTER_MS,
  unlockBackup,
  writeBackup,
  type UnlockedBackup,
} from '../core/backup';
import { recordAudit } from '../core/audit/audit';
import type { CoreContext } from '../core/context';
import type { DatabaseAccess, Db, WriteDb } from '../core/db/open';
import { inWriteTransaction } from '../core/db/transaction';
import { newId } from '../core/ids';
import { fieldError } from '../core/validation';
import type { Clock } from '../platform/clock';
import { stackFrames, type Logger } from '../platform/logger';
import { runBackupInWorker } from './backup-in-worker';
import { readBackupSettings, writeBackupSettings, type BackupSettings } from './backup-settings';
import { removeDatabaseFiles } from './database-files';
import { HUB_CONNECTION_KEY, readHubConnection, writeSyncState } from '../sync/hub-settings';
import { OWN_CHANGES_MISSING_KEY } from '../sync/puller';

/** How often the scheduler looks at the clock; backups and checks themselves follow the clinic's time. */
const TICK_MS = 60_000;
const CHECK_EVERY_MS = 24 * 60 * 60_000;

export interface BackupDeps {
  dbFile: string;
  clock: Clock;
  logger: Logger;
  appVersion: string;
  access(): DatabaseAccess;
  /** The ready database; null while starting, restoring, or when it is damaged. */
  core(): CoreContext | null;
  /** The clinic's zone: the daily time and rotation days are counted in it. */
  zone(): string;
  onStatus(status: BackupStatusDto): void;
  /** The database failed its check: stop writes (services). */
  markDamaged(): void;
  /**
   * Closes the clinic database, runs `install` (moves files into place), opens it again,
   * runs `afterOpen` on it and restarts what runs on it (sync, calendars, reminders).
   */
  replaceDatabase(install: () => void, afterOpen: (db: WriteDb) => void): Promise<void>;
}

interface PreparedRestore {
  token: string;
  /** The backup file itself (checked in place). */
  file: string;
  unlocked: UnlockedBackup;
  name: string;
}

/**
 * Backups of this desk's clinic database (manager): the schedule, runs on a worker thread,
 * rotation, the daily check, restore with a preview, and rebuilding a damaged desk from the
 * clinic hub. Settings live in a file beside the database (app/backup-settings.ts).
 */
export class BackupService {
  private running: Promise<unknown> | null = null;
  private checking: Promise<unknown> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private prepared: PreparedRestore | null = null;
  private stopped = false;

  constructor(private readonly deps: BackupDeps) {}

  /** Starts the schedule: a check of the database soon after start, backups at their time. */
  start(): void {
    this.stopped = false;
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), TICK_MS);
    this.timer.unref();
    void this.tick({ checkNow: true });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.allSettled([this.running, this.checking]);
    this.discardPrepared();
  }

  /** One look at the clock: a due backup or database check runs. Tests call it with a pinned clock. */
  async tick(opts: { checkNow?: boolean } = {}): Promise<void> {
    const ctx = this.deps.core();
    if (!ctx || this.stopped) return;
    const s = this.settings();
    const now = this.deps.clock.now();
    const checks: Array<Promise<unknown>> = [];
    if (opts.checkNow || !s.lastCheck || now - s.lastCheck.at >= CHECK_EVERY_MS) checks.push(this.checkDatabase().catch(() => undefined));
    if (this.scheduleActive(s) && backupDue(this.scheduleState(s), now) && !this.running) {
      checks.push(this.runBackup('scheduled').catch(() => undefined));
    }
    await Promise.all(checks);
  }

  status(): BackupStatusDto {
    const s = this.settings();
    const now = this.deps.clock.now();
    return {
      folder: s.folder,
      time: s.time,
      enabled: s.enabled,
      passphraseSet: s.recovery !== null,
      lastGood: s.lastGood,
      lastAttempt: s.lastAttempt,
      nextAt: this.scheduleActive(s) ? nextBackupAt(this.scheduleState(s), now) : null,
      running: this.running !== null,
      keep: DEFAULT_ROTATION,
      lastCheck: s.lastCheck,
      warning: this.warning(s, now),
    };
  }

  updateSettings(input: BackupSettingsInput): BackupStatusDto {
    const s = this.settings();
    const folder = input.folder === '' ? null : input.folder;
    if (folder !== null && !isAbsolute(folder)) {
      throw fieldError('folder', 'Enter the whole folder path, for example /media/usb/Frontdesk or \\\\server\\backups\\frontdesk.');
    }
    if (input.enabled && folder === null) throw fieldError('folder', 'Choose the backup folder first.');
    if (input.enabled && !s.recovery) throw fieldError('passphrase', 'Set the recovery passphrase first: every backup is locked with it.');
    if (folder !== null && folder !== s.folder) {
      try {
        assertFolderReachable(folder);
      } catch (e) {
        throw fieldError('folder', isAppError(e) ? e.message : 'This folder cannot be reached.');
      }
    }
    const next: BackupSettings = {
      ...s,
      folder,
      time: input.time,
      enabled: input.enabled,
      enabledAt: input.enabled ? (s.enabled ? s.enabledAt : this.deps.clock.now()) : null,
    };
    this.save(next);
    this.audit('backup.settings', { enabled: input.enabled, time: input.time, folderChanged: folder !== s.folder });
    queueMicrotask(() => void this.tick());
    return this.status();
  }

  /** Sets (or replaces) the recovery passphrase; only its public half is kept. Older backups keep opening with the passphrase they were made with. */
  setPassphrase(passphrase: string): BackupStatusDto {
    const recovery = createRecoveryKey(passphrase);
    const s = this.settings();
    this.save({ ...s, recovery });
    this.audit('backup.passphrase_set', { replaced: s.recovery !== null });
    return this.status();
  }

  /** "Back up now" (manager), or before a bulk import. Resolves with the verified file. */
  async runNow(reason: BackupReason = 'manual'): Promise<BackupFileDto> {
    if (this.running) throw new AppError('CONFLICT', 'A backup is already running. It will show here when it is done.');
    return this.runBackup(reason);
  }

  /** Before a bulk import: a backup when backups are set up (a failed one stops the import). */
  async beforeImport(): Promise<void> {
    const s = this.settings();
    if (!this.scheduleActive(s)) return;
    if (this.running) await this.running.catch(() => undefined);
    await this.runBackup('before-import');
  }

  /**
   * Before migrations change the schema (called while the database opens, before anything
   * else uses it): a backup of the old state when backups are set up. A failure is recorded
   * and shown, but the update goes on: the desk must start.
   */
  beforeMigrate(db: Db, deviceId: string): void {
    const s = this.settings();
    if (!this.scheduleActive(s) || !s.folder || !s.recovery) return;
    const at = this.deps.clock.now();
    const access = this.deps.access();
    try {
      const file = writeBackup({
        sourceFile: db.name,
        folder: s.folder,
        recovery: s.recovery,
        reason: 'before-migration',
        now: at,
        appVersion: this.deps.appVersion,
        deviceId,
        ...(access.key ? { sourceKey: access.key } : {}),
        ...(access.nativeBinding ? { nativeBinding: access.nativeBinding } : {}),
      });
      this.recordResult(at, file, null);
    } catch (e) {
      this.recordResult(at, null, e);
    }
  }

  list(folder?: string): BackupFileDto[] {
    const dir = folder ?? this.settings().folder;
    if (!dir) return [];
    return listBackups(dir, this.deviceId());
  }

  /** Opens a backup with the passphrase, checks it and says what it holds; nothing changes yet. */
  async preview(input: { folder?: string | undefined; name: string; passphrase: string }): Promise<BackupPreviewDto> {
    const folder = input.folder ?? this.settings().folder;
    if (!folder) throw fieldError('folder', 'Choose the folder that holds the backup.');
    const file = backupPath(folder, input.name);
    const unlocked = unlockBackup(file, input.passphrase, this.deps.access().key);
    this.prepared = null;
    const result = await runBackupInWorker({ dbFile: this.deps.dbFile, access: this.deps.access(), job: { kind: 'inspect', file, backupKey: unlocked.key } });
    if (result.kind !== 'inspected') throw new Error('backup worker did not inspect');
    const token = randomUUID();
    this.prepared = { token, file, unlocked, name: input.name };
    const { contents } = result;
    return {
      token,
      name: input.name,
      createdAt: unlocked.trailer.createdAt,
      reason: unlocked.trailer.reason,
      appVersion: unlocked.trailer.appVersion,
      patients: contents.patients,
      appointments: contents.appointments,
      lastChangeAt: contents.lastChangeAt,
      otherDesk: unlocked.trailer.deviceId !== this.deviceId(),
    };
  }

  /**
   * Puts the previewed backup in place of the clinic database. The current database is kept
   * beside it (renamed, not deleted). The restored desk starts a new audit chain under a new
   * device id and, with a clinic hub, pulls everything changed since the backup — its own later
   * changes too (`ownChangesMissing`) — and sends what the backup holds that the hub has not taken yet.
   */
  async restore(input: { token: string }): Promise<RestoreOutcomeDto> {
    const p = this.prepared;
    if (!p || p.token !== input.token) throw new AppError('NOT_FOUND', 'Open the backup again (choose it and enter the passphrase) before restoring it.');
    this.prepared = null;
    const dir = join(this.deps.dbFile, '..', 'restore');
    mkdirSync(dir, { recursive: true });
    const target = join(dir, `${p.token}.sqlite`);
    try {
      await runBackupInWorker({ dbFile: this.deps.dbFile, access: this.deps.access(), job: { kind: 'extract', file: p.file, backupKey: p.unlocked.key, target } });
    } catch (e) {
      removeDatabaseFiles(target);
      throw e;
    }
    const keptAside = this.asideName('before-restore');
    let resyncing = false;
    await this.deps.replaceDatabase(
      () => {
        this.moveAside(keptAside);
        try {
          renameSync(target, this.deps.dbFile);
        } catch (e) {
          // Never leave the desk without its database: the current one goes back in place.
          this.moveBack(keptAside);
          throw e;
        }
      },
      (db) => {
        resyncing = hasHubConnection(db);
        this.takeNewDeskId(db, 'backup.restored', { backup: p.name, createdAt: p.unlocked.trailer.createdAt });
      },
    );
    this.deps.logger.info('backup.restored', { createdAt: p.unlocked.trailer.createdAt });
    this.save({ ...this.settings(), lastCheck: null });
    void this.tick({ checkNow: true });
    return { keptAside, resyncing };
  }

  /**
   * A damaged desk starts again from the clinic hub: the damaged file is kept aside, a new
   * empty database takes this desk's hub connection (read from the damaged file while it
   * still can be) and receives the whole clinic from the hub.
   */
  async rebuildFromHub(): Promise<RestoreOutcomeDto> {
    const carried = this.readCarriedSettings();
    if (!carried.some((r) => r.key === HUB_CONNECTION_KEY)) {
      throw new AppError(
        'NOT_FOUND',
        "This desk's clinic hub connection cannot be read from the damaged database. Restore a backup instead, or call IT to connect this desk to the hub again.",
      );
    }
    const keptAside = this.asideName('damaged');
    await this.deps.replaceDatabase(
      () => this.moveAside(keptAside),
      (db) => {
        inWriteTransaction(db, () => {
          const put = db.prepare(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
          for (const r of carried) put.run(r.key, r.value);
        });
        this.takeNewDeskId(db, 'backup.rebuilt_from_hub', {});
      },
    );
    this.deps.logger.info('backup.rebuilt_from_hub', {});
    this.save({ ...this.settings(), lastCheck: null });
    return { keptAside, resyncing: true };
  }

  /** The last good backup in the folder, for the damaged-database screen. */
  latestBackup(): BackupFileDto | null {
    const folder = this.settings().folder;
    if (!folder) return null;
    try {
      return listBackups(folder, this.deviceId())[0] ?? null;
    } catch {
      return null;
    }
  }

  private async runBackup(reason: BackupReason): Promise<BackupFileDto> {
    const s = this.settings();
    if (!s.folder) throw fieldError('folder', 'Choose the backup folder first (Set-up › Backups).');
    if (!s.recovery) throw fieldError('passphrase', 'Set the recovery passphrase first (Set-up › Backups).');
    const ctx = this.deps.core();
    if (!ctx) throw new AppError('LOCKED', 'The clinic database is not open right now, so it cannot be backed up.');
    const at = this.deps.clock.now();
    const deviceId = ctx.actor.device;
    removeStalePartials(s.folder, deviceId);
    const job = runBackupInWorker({
      dbFile: this.deps.dbFile,
      access: this.deps.access(),
      job: { kind: 'backup', folder: s.folder, recovery: s.recovery, reason, now: at, appVersion: this.deps.appVersion, deviceId },
    });
    this.running = job;
    this.emit();
    try {
      const result = await job;
      if (result.kind !== 'backed-up') throw new Error('backup worker answered a check');
      this.recordResult(at, result.file, null);
      this.rotate(s.folder, deviceId);
      this.deps.logger.info('backup.done', { reason, bytes: result.file.bytes });
      return result.file;
    } catch (e) {
      this.recordResult(at, null, e);
      this.deps.logger.warn('backup.failed', { reason, code: isAppError(e) ? e.code : 'INTERNAL', stack: isAppError(e) ? undefined : stackFrames(e) });
      throw e;
    } finally {
      this.running = null;
      this.emit();
    }
  }

  private async checkDatabase(): Promise<void> {
    if (this.checking) {
      await this.checking.catch(() => undefined);
      return;
    }
    const at = this.deps.clock.now();
    const job = runBackupInWorker({ dbFile: this.deps.dbFile, access: this.deps.access(), job: { kind: 'check' } });
    this.checking = job;
    try {
      const result = await job;
      const ok = result.kind === 'checked' && result.ok;
      this.save({ ...this.settings(), lastCheck: { at, ok } });
      if (!ok) {
        this.deps.logger.error('database.check_failed', {});
        this.deps.markDamaged();
      }
    } catch (e) {
      this.deps.logger.warn('database.check_not_run', { code: isAppError(e) ? e.code : 'INTERNAL' });
    } finally {
      this.checking = null;
      this.emit();
    }
  }

  private rotate(folder: string, deviceId: string): void {
    try {
      const ours = listBackups(folder, deviceId).filter((b) => b.thisDesk);
      for (const name of backupsToRemove(ours, this.deps.zone())) rmSync(join(folder, name), { force: true });
    } catch (e) {
      this.deps.logger.warn('backup.rotation_failed', { code: isAppError(e) ? e.code : 'INTERNAL' });
    }
  }

  private recordResult(at: number, file: BackupFileDto | null, error: unknown): void {
    const s = this.settings();
    const shape: AppErrorShape | null = error === null ? null : isAppError(error) ? error.toShape() : { code: 'INTERNAL', message: 'The backup failed. Try again; if it keeps happening, call IT.' };
    this.save({ ...s, lastAttempt: { at, ok: file !== null, error: shape }, ...(file ? { lastGood: { at, name: file.name } } : {}) });
  }

  private warning(s: BackupSettings, now: number): BackupWarning | null {
    if (!s.folder || !s.recovery || !s.enabled) {
      return { kind: 'not-set-up', message: 'Backups are not set up: if this computer fails, its clinic records are lost. Set them up in Set-up › Backups.' };
    }
    const since = s.lastGood?.at ?? s.enabledAt ?? now;
    if (s.lastAttempt && !s.lastAttempt.ok && s.lastAttempt.error?.details?.folderUnreachable === true) {
      return { kind: 'unreachable', message: 'The backup folder cannot be reached, so this desk is not being backed up. Connect the backup drive or share.' };
    }
    if (now - since > STALE_AFTER_MS) {
      return { kind: 'stale', message: 'The last good backup is more than two days old. Check Set-up › Backups.' };
    }
    if (s.lastAttempt && !s.lastAttempt.ok) return { kind: 'failed', message: s.lastAttempt.error?.message ?? 'The last backup failed.' };
    return null;
  }

  private scheduleActive(s: BackupSettings): boolean {
    return s.enabled && s.folder !== null && s.recovery !== null;
  }

  private scheduleState(s: BackupSettings) {
    return { time: s.time, zone: this.deps.zone(), lastGoodAt: s.lastGood?.at ?? null, lastAttempt: s.lastAttempt };
  }


  private deviceId(): string {
    return this.deps.core()?.actor.device ?? '';
  }

  private audit(action: string, details: Record<string, unknown>): void {
    const ctx = this.deps.core();
    if (!ctx) return;
    inWriteTransaction(ctx.db, () => recordAudit(ctx.db, ctx.actor, ctx.clock.now(), { action, entityType: 'workstation', entityId: ctx.actor.device, details }));
  }

  private takeNewDeskId(db: WriteDb, action: string, details: Record<string, unknown>): void {
    const ctx = this.deps.core();
    const device = newId<string>();
    inWriteTransaction(db, () => {
      db.prepare(`INSERT INTO settings (key, value) VALUES ('deviceId', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(JSON.stringify(device));
      // The hub knows this desk by its login, not its device id: what it sent after the backup comes back as its own.
      writeSyncState(db, OWN_CHANGES_MISSING_KEY, '1');
      recordAudit(db, { user: ctx?.actor.user ?? 'manager', device }, this.deps.clock.now(), { action, entityType: 'workstation', entityId: device, details });
    });
  }

  /** `clinic.sqlite.before-restore-20261207-0830`: beside the database, never overwritten. */
  private asideName(label: string): string {
    const stamp = new Date(this.deps.clock.now()).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
    let name = `${this.deps.dbFile}.${label}-${stamp}`;
    for (let i = 2; existsSync(name); i++) name = `${this.deps.dbFile}.${label}-${stamp}-${i}`;
    return name;
  }

  /** Moves the closed (checkpointed) clinic database aside; its side files go with it. */
  private moveAside(target: string): void {
    moveDatabaseFiles(this.deps.dbFile, target);
  }

  private moveBack(aside: string): void {
    moveDatabaseFiles(aside, this.deps.dbFile);
  }

  private readCarriedSettings(): Array<{ key: string; value: string }> {
    const access = this.deps.access();
    try {
      const db = openKeyed(this.deps.dbFile, access.key, access.nativeBinding, { readonly: true });
      try {
        return db.prepare(`SELECT key, value FROM settings WHERE key = ?`).all(HUB_CONNECTION_KEY) as Array<{ key: string; value: string }>;
      } finally {
        db.close();
      }
    } catch {
      return [];
    }
  }

  private discardPrepared(): void {
    this.prepared = null;
  }

  private settings(): BackupSettings {
    return readBackupSettings(this.deps.dbFile);
  }

  private save(s: BackupSettings): void {
    writeBackupSettings(this.deps.dbFile, s);
    this.emit();
  }

  private emit(): void {
    this.deps.onStatus(this.status());
  }
}

function hasHubConnection(db: Db): boolean {
  return readHubConnection(db) !== null;
}

function moveDatabaseFiles(from: string, to: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) {
    if (existsSync(`${from}${suffix}`)) renameSync(`${from}${suffix}`, `${to}${suffix}`);
  }
}
