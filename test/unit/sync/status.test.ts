import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { book } from '../../../src-main/core/booking';
import { readSyncStatus } from '../../../src-main/sync/status';
import { buildClinic, localInstant, type ClinicFixture } from '../../helpers/clinic-fixture';
import { openTempDb } from '../../helpers/tempdb';

let t: ReturnType<typeof openTempDb>;
let f: ClinicFixture;
beforeEach(() => {
  t = openTempDb();
  f = buildClinic(t.db);
});
afterEach(() => t.cleanup());

describe('sync status', () => {
  it('reads pending, attention and last delivery from the outbox, and whether a hub is set', () => {
    t.db.prepare(`UPDATE outbox SET state = 'delivered', updated_at = 1000`).run();
    expect(readSyncStatus(t.db)).toEqual({ online: true, pending: 0, needsAttention: 0, lastSuccessAt: 1000, hubConfigured: false });

    book(f.ctx, { patientId: f.patients.ann, providerId: f.providers.smith.id, locationId: f.main.id, typeId: f.types.checkup.id, startAt: localInstant('2025-03-04', '10:00') });
    expect(readSyncStatus(t.db)).toMatchObject({ pending: 1, needsAttention: 0, hubConfigured: false, online: true });

    t.db.prepare(`INSERT INTO settings (key, value) VALUES ('hubUrl', ?)`).run(JSON.stringify('postgres://hub.local/clinic'));
    t.db.prepare(`UPDATE outbox SET last_error = 'connection refused', attempts = 2, updated_at = 2000 WHERE state = 'pending'`).run();
    expect(readSyncStatus(t.db)).toMatchObject({ pending: 1, hubConfigured: true, online: false });

    t.db.prepare(`UPDATE outbox SET state = 'attention' WHERE state = 'pending'`).run();
    expect(readSyncStatus(t.db)).toMatchObject({ pending: 0, needsAttention: 1, online: false, lastSuccessAt: 1000 });
  });
});
