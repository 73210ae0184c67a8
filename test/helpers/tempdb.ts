import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type WriteDb } from '../../src-main/core/db/open';

/** A real SQLite file in a fresh temp folder, migrated to the current schema. */
export function tempDbFile(): { dir: string; file: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-test-'));
  return { dir, file: join(dir, 'clinic.sqlite'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function openTempDb(): { db: WriteDb; file: string; cleanup(): void } {
  const t = tempDbFile();
  const db = openDatabase(t.file);
  return {
    db,
    file: t.file,
    cleanup: () => {
      if (db.open) db.close();
      t.cleanup();
    },
  };
}
