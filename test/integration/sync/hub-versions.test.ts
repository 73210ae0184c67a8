import { describe, expect } from 'vitest';
import { setUpHub } from '@main/sync/adapters/hub-postgres/admin';
import { HUB_SCHEMA_VERSION } from '@main/sync/adapters/hub-postgres/schema';
import { hubQuery } from '../../helpers/hub-query';
import { hubTest } from '../../helpers/hub-test';
import type { TestHub } from '../../helpers/postgres';

/**
 * Hub versions are recorded one by one, and set-up runs each version the hub
 * has not run, in order: two versions added side by side (one build with only
 * the later one) still leave every hub complete after the next set-up.
 */
const meta = async (hub: TestHub): Promise<Record<string, string>> =>
  Object.fromEntries((await hubQuery<{ key: string; value: string }>(hub.superUrl, `SELECT key, value FROM frontdesk.hub_meta`)).map((r) => [r.key, r.value]));
const applied = (m: Record<string, string>) =>
  Object.keys(m)
    .filter((k) => k.startsWith('applied_version:'))
    .map((k) => Number(k.split(':')[1]))
    .sort((x, y) => x - y);
const admin = (hub: TestHub) => ({ url: hub.adminUrl, tls: 'disable' as const, ca: null });

describe('hub versions', () => {
  hubTest('a hub that lacks a version it never ran gets it at the next set-up; one from before the records keeps what it ran', async ({ hub }) => {
    const fresh = await meta(hub);
    expect(fresh.schema_version).toBe(String(HUB_SCHEMA_VERSION));
    expect(applied(fresh)).toContain(HUB_SCHEMA_VERSION);

    // A hub whose recorded version is past one it never ran (a build had the later of two versions
    // added side by side): version 9 undone by hand, its version number kept.
    await hubQuery(
      hub.superUrl,
      `SET ROLE ${fresh.owner_role};
       SET search_path = frontdesk;
       DROP FUNCTION check_change(jsonb);
       ALTER FUNCTION check_change_before_setup(jsonb) RENAME TO check_change;
       DROP FUNCTION active_staff_role(text), hub_has_manager(), hub_copy(text, text);
       DROP TABLE setup_roles;
       DELETE FROM change_rules WHERE field = 'changedBy' OR (entity_type = 'staff' AND field = 'baseVersion');
       DELETE FROM hub_meta WHERE key = 'applied_version:9';`,
    );
    expect(await setUpHub(admin(hub))).toMatchObject({ previousVersion: 9, schemaVersion: HUB_SCHEMA_VERSION });
    const after = await meta(hub);
    expect(after.schema_version).toBe(String(HUB_SCHEMA_VERSION));
    expect(applied(after)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(await hubQuery(hub.superUrl, `SELECT entity_type FROM frontdesk.setup_roles WHERE entity_type = 'blockout'`)).toEqual([{ entity_type: 'blockout' }]);

    // A hub from before versions were recorded: everything up to its version counts as run; running set-up again changes nothing.
    await hubQuery(hub.superUrl, `DELETE FROM frontdesk.hub_meta WHERE key LIKE 'applied_version:%'`);
    await setUpHub(admin(hub));
    expect(applied(await meta(hub))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
