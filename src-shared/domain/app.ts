import type { AppErrorShape } from './errors';
import type { EpochMs } from './ids';

/** How far the first-start demo build has come; `done` counts up to `total`. */
export interface DemoProgress {
  /** Short, receptionist-readable step, e.g. "Creating patients". */
  stage: string;
  done: number;
  total: number;
}

/** The clinic as the shell shows it: its name and the zone "today" is counted in. */
export interface ClinicIdentity {
  name: string;
  /** IANA zone of the clinic's first location (UTC when it has none yet). */
  zone: string;
  /** The generated demo clinic (it can be reset); absent = not known. */
  demo?: boolean;
}

/** 'choosing': a fresh database, waiting for the desk to pick the demo clinic or an empty one. */
type AppPhase = 'starting' | 'choosing' | 'building-demo' | 'ready' | 'failed';

/** What the renderer needs before it can show anything but the start screen. */
export interface AppStatus {
  phase: AppPhase;
  /** Present while phase is 'building-demo'. */
  demo: DemoProgress | null;
  /** Why start-up failed (phase 'failed'). */
  failure: AppErrorShape | null;
  appVersion: string;
  /** Known once ready. */
  clinic: ClinicIdentity | null;
  /** Main's clock at the time of the answer: the renderer's "now" and "today" follow it. */
  now: EpochMs;
  /**
   * How the database key and saved passwords are kept: wrapped by the OS keychain, or
   * "none" (no keychain on this computer; on Linux, also Electron's basic_text store).
   */
  keychain: 'os-keychain' | 'none';
}

type UpdateState = 'unconfigured' | 'unsupported' | 'idle' | 'checking' | 'downloading' | 'ready' | 'refused' | 'error';

export interface UpdateStatus {
  state: UpdateState;
  /** The version being downloaded or ready to install. */
  version: string | null;
  /** Download progress 0..100 while downloading. */
  percent: number | null;
  /** Plain-language reason for 'error', 'refused' (a download that failed its checksum) and 'unsupported'. */
  message: string | null;
}
