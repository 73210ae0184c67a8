import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prepared } from '@main/core/db/prepared';
import { openTempDb } from '../../../helpers/tempdb';

let t: ReturnType<typeof openTempDb>;
beforeEach(() => (t = openTempDb()));
afterEach(() => t.cleanup());

describe('prepared statements shared by SQL text', () => {
  it("one caller's pluck does not change what the next caller reads", () => {
    t.db.prepare(`INSERT INTO settings (key, value) VALUES ('a', '"x"')`).run();
    const sql = `SELECT key, value FROM settings WHERE key = ?`;
    expect(prepared(t.db, sql).pluck().get('a')).toBe('a');
    expect(prepared(t.db, sql).get('a')).toEqual({ key: 'a', value: '"x"' });
  });
});
