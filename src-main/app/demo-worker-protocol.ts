import type { DatabaseAccess } from '../core/db/open';
import type { DemoProgress } from '../../src-shared/domain/app';

/** What the demo worker is told, and what it reports back. */
export interface DemoWorkerData {
  file: string;
  seed: number;
  /** Pinned "now" (tests); null = the system clock. */
  now: number | null;
  /** The SQLite build and key the worker's own connection opens the file with. */
  access?: DatabaseAccess;
}

export type DemoWorkerMessage =
  | { kind: 'progress'; progress: DemoProgress }
  | { kind: 'done' }
  | { kind: 'failed'; errorName: string; stack: string | undefined };
