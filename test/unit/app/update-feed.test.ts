import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readUpdateFeedUrl } from '../../../src-main/app/update-feed';
import { getClinicSettings } from '../../../src-main/core/clinic';
import { openTempDb } from '../../helpers/tempdb';

let t: ReturnType<typeof openTempDb>;
beforeEach(() => (t = openTempDb()));
afterEach(() => t.cleanup());

const store = (url: string): void => {
  t.db.prepare(`INSERT INTO settings (key, value) VALUES ('updateFeedUrl', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(JSON.stringify(url));
};

describe('the update feed the updater uses', () => {
  it('is the stored https address, or plain http to this computer', () => {
    expect(readUpdateFeedUrl(t.db)).toBeNull();
    store('https://updates.clinic.example/frontdesk/');
    expect(readUpdateFeedUrl(t.db)).toBe('https://updates.clinic.example/frontdesk/');
    store('http://localhost:8080/feed/');
    expect(readUpdateFeedUrl(t.db)).toBe('http://localhost:8080/feed/');
  });

  it('ignores a plain http address to another computer saved by an older version, while the settings still load', () => {
    store('http://updates.clinic.lan/frontdesk/');
    expect(getClinicSettings(t.db).updateFeedUrl).toBe('http://updates.clinic.lan/frontdesk/');
    expect(readUpdateFeedUrl(t.db)).toBeNull();
  });
});
