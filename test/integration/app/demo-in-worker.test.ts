import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DemoProgress } from '@shared/domain/app';
import { demoBuilderInWorker } from '@main/app/demo-in-worker';
import { listLocations } from '@main/core/clinic';
import { databaseFileState, openDatabase } from '@main/core/db/open';
import { tempDbFile } from '../../helpers/tempdb';

const NOW = Date.UTC(2025, 10, 24, 14, 30);

describe('demo build on a worker thread', () => {
  let temp: ReturnType<typeof tempDbFile>;
  beforeEach(() => (temp = tempDbFile()));
  afterEach(() => temp.cleanup());

  it('writes the demo clinic into the file, encrypted with the desk’s key, and reports progress as it goes', async () => {
    const progress: DemoProgress[] = [];
    const key = 'c3'.repeat(32);
    const build = demoBuilderInWorker({ seed: 1, now: NOW })(temp.file, { key }, (p) => progress.push(p));
    await build.done;

    expect(databaseFileState(temp.file)).toBe('encrypted');
    const db = openDatabase(temp.file, { key });
    try {
      expect(listLocations(db).length).toBeGreaterThan(0);
      expect(db.prepare('SELECT count(*) AS n FROM patients').get()).toEqual({ n: 20_000 });
    } finally {
      db.close();
    }
    expect(progress.length).toBeGreaterThan(3);
    expect(new Set(progress.map((p) => p.stage)).size).toBeGreaterThan(1);
    expect(progress.every((p) => p.done <= p.total)).toBe(true);
  }, 120_000);

  it('leaves no clinic behind when cancelled', async () => {
    let started: () => void = () => undefined;
    const firstProgress = new Promise<void>((resolve) => (started = resolve));
    const build = demoBuilderInWorker({ seed: 1, now: NOW })(temp.file, {}, () => started());
    await firstProgress;
    await build.cancel();
    await expect(build.done).rejects.toThrow(/cancelled/);

    const db = openDatabase(temp.file);
    try {
      expect(listLocations(db)).toEqual([]);
    } finally {
      db.close();
    }
  }, 120_000);
});
