import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { book } from '@main/core/booking';
import { writeHubConnection, writeSyncState } from '@main/sync/hub-settings';
import { OFFLINE_SINCE_KEY, PROBLEM_KEY, readSyncStatus } from '@main/sync/status';
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
  it('reads pending, attention, conflicts and last delivery from the outbox, and the hub state the engine noted', () => {
    t.db.prepare(`UPDATE outbox SET state = 'delivered', updated_at = 1000`).run();
    expect(readSyncStatus(t.db)).toEqual({
      online: true,
      offlineSince: null,
      pending: 0,
      needsAttention: 0,
      conflicts: 0,
      lastSuccessAt: 1000,
      problem: null,
      hubConfigured: false,
    });

    const a = book(f.ctx, { patientId: f.patients.ann, providerId: f.providers.smith.id, locationId: f.main.id, typeId: f.types.checkup.id, startAt: localInstant('2025-03-04', '10:00') });
    // Without a hub, nothing is offline: the notes of an earlier hub do not count.
    writeSyncState(t.db, OFFLINE_SINCE_KEY, '1500');
    expect(readSyncStatus(t.db)).toMatchObject({ pending: 1, needsAttention: 0, hubConfigured: false, online: true, offlineSince: null });

    writeHubConnection(t.db, { url: 'postgres://desk:pw@hub.local/clinic', tls: 'require', ca: null });
    writeSyncState(t.db, PROBLEM_KEY, 'The clinic hub refused the user name or password.');
    expect(readSyncStatus(t.db)).toMatchObject({ pending: 1, hubConfigured: true, online: false, offlineSince: 1500, problem: 'The clinic hub refused the user name or password.' });

    t.db.prepare(`UPDATE outbox SET state = 'attention' WHERE state = 'pending'`).run();
    t.db.prepare(`INSERT INTO sync_conflicts (appointment_id, kind, outbox_seq, detail, detected_at) VALUES (?, 'overlap', 1, '{}', 2000)`).run(a.id);
    expect(readSyncStatus(t.db)).toMatchObject({ pending: 0, needsAttention: 1, conflicts: 1, lastSuccessAt: 1000 });
  });
});
