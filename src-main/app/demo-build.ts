import type { DemoProgress } from '../../src-shared/domain/app';
import type { DatabaseAccess } from '../core/db/open';

/** A demo clinic being written into a fresh database file. */
export interface DemoBuild {
  done: Promise<void>;
  /** Stops the build (shutdown); `done` then rejects and the file is left for clean-up. */
  cancel(): Promise<void>;
}

/** Writes a complete demo clinic into `targetFile` (opened with `access`: same build, same key), reporting progress as it goes. */
export type DemoBuilder = (targetFile: string, access: DatabaseAccess, onProgress: (p: DemoProgress) => void) => DemoBuild;
