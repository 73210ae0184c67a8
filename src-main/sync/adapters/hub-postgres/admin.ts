import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { AppError } from '@shared/domain/errors';
import type { HubDeskDto, HubEnrollmentDto, HubSetupDto } from '@shared/domain/sync';
import type { HubConnection } from '@shared/schemas/sync';
import { fieldError } from '@main/core/validation';
import { classifyHubError, hubFailureError } from './client';
import { hubClientConfig, type HubClientConfig } from './connection-config';
import { encodeEnrollment } from './enrollment-code';
import { HUB_MIGRATIONS, HUB_SCHEMA_VERSION, MIGRATION_LOCK } from './schema';

/**
 * What only the hub's administrator does, with an administrator address used
 * for one action and never stored (`hub:init`, or Sync › Hub administration):
 *
 * - set up or upgrade the hub: the owner role (no login) owns the `frontdesk`
 *   schema (tables) and `frontdesk_api` (the functions desks call); a group
 *   role for desks gets USAGE on `frontdesk_api` and EXECUTE on its functions,
 *   nothing else. A hub of the shared-owner version (tables in `public`,
 *   owned by the user every desk logged in as) is moved into place, its data
 *   untouched; its desks enroll again.
 * - enroll a desk: a login role of its own with a random password, member of
 *   the desk group, handed over once as an enrollment code;
 * - list desks, and revoke one: its role can no longer log in, and the hub
 *   refuses it on its next call even in a session still open.
 *
 * Role names carry the hub's id, so several hubs can share one server.
 * The administrator needs to be a superuser, or a user that may create roles
 * and owns the hub database (then it becomes a member of the owner role).
 */
const LEGACY_TABLES = ['hub_meta', 'hub_changes', 'hub_receipts', 'hub_appointments', 'hub_entities', 'hub_reminder_claims'];
const LEGACY_FUNCTIONS = ['hub_apply(jsonb, text)', 'hub_apply_one(jsonb)'];

interface Roles {
  owner: string;
  desks: string;
  deskPrefix: string;
}

function rolesOf(hubId: string): Roles {
  const tag = hubId.replace(/[^0-9a-f]/gi, '').slice(0, 12).toLowerCase();
  return { owner: `frontdesk_${tag}_owner`, desks: `frontdesk_${tag}_desks`, deskPrefix: `frontdesk_${tag}_desk_` };
}

async function withAdmin<T>(admin: HubConnection, fn: (c: pg.Client, cfg: HubClientConfig) => Promise<T>): Promise<T> {
  const cfg = hubClientConfig(admin);
  const client = new pg.Client({ ...cfg, connectionTimeoutMillis: 10_000, application_name: 'frontdesk-hub-admin' });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(() => undefined);
    throw hubFailureError(classifyHubError(e));
  }
  try {
    return await fn(client, cfg);
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    if (e instanceof AppError) throw e;
    const code = (e as { code?: string }).code;
    if (code === '42501') {
      throw new AppError(
        'HUB_REFUSED',
        'This administrator may not set up the clinic hub. Use a PostgreSQL superuser, or a user that may create roles and owns the hub database.',
        { code },
      );
    }
    throw hubFailureError(classifyHubError(e));
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function readMeta(c: pg.Client, schema: 'frontdesk' | 'public'): Promise<Map<string, string>> {
  const { rows } = await c.query<{ key: string; value: string }>(`SELECT key, value FROM ${schema}.hub_meta`);
  return new Map(rows.map((r) => [r.key, r.value]));
}

/**
 * Each version the hub has run is recorded on its own (`applied_version:N`),
 * and a version is run when it has not been, in version order: a build that
 * lacked one version (two were added side by side) leaves a hub that the next
 * build completes, rather than skipping the missing one because a higher one
 * ran. A hub from before these records has run every version up to its
 * `schema_version`.
 */
const APPLIED_PREFIX = 'applied_version:';

function appliedVersions(meta: Map<string, string>, previousVersion: number): Set<number> {
  const recorded = [...meta.keys()].filter((k) => k.startsWith(APPLIED_PREFIX)).map((k) => Number(k.slice(APPLIED_PREFIX.length)));
  if (recorded.length > 0) return new Set(recorded);
  return new Set(Array.from({ length: previousVersion }, (_, i) => i + 1));
}

/** Creates the hub, or brings it to this version in place. Safe to run again. */
export async function setUpHub(admin: HubConnection): Promise<HubSetupDto> {
  return withAdmin(admin, async (c) => {
    const id = (s: string) => c.escapeIdentifier(s);
    await c.query('BEGIN');
    await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    const layout = (
      await c.query<{ current: boolean; legacy: boolean }>(
        `SELECT to_regclass('frontdesk.hub_meta') IS NOT NULL AS current, to_regclass('public.hub_meta') IS NOT NULL AS legacy`,
      )
    ).rows[0]!;
    const meta = layout.current ? await readMeta(c, 'frontdesk') : layout.legacy ? await readMeta(c, 'public') : new Map<string, string>();
    const previousVersion = Number(meta.get('schema_version') ?? 0);
    if (previousVersion > HUB_SCHEMA_VERSION) {
      throw new AppError('UNSUPPORTED_VERSION', 'The clinic hub was set up by a newer version of Frontdesk. Use that version to manage it.', {
        hubVersion: previousVersion,
        supportedVersion: HUB_SCHEMA_VERSION,
      });
    }
    const hubId = meta.get('hub_id') ?? randomUUID();
    const roles = rolesOf(hubId);
    const existing = new Set((await c.query<{ rolname: string }>(`SELECT rolname FROM pg_roles WHERE rolname = ANY ($1)`, [[roles.owner, roles.desks]])).rows.map((r) => r.rolname));
    if (!existing.has(roles.owner)) await c.query(`CREATE ROLE ${id(roles.owner)} NOLOGIN NOINHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION`);
    if (!existing.has(roles.desks)) await c.query(`CREATE ROLE ${id(roles.desks)} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION`);
    const me = (await c.query<{ u: string; su: boolean }>(`SELECT current_user AS u, rolsuper AS su FROM pg_roles WHERE rolname = current_user`)).rows[0]!;
    if (!me.su) await c.query(`GRANT ${id(roles.owner)} TO ${id(me.u)}`);
    await c.query(`CREATE SCHEMA IF NOT EXISTS frontdesk AUTHORIZATION ${id(roles.owner)}`);
    await c.query(`CREATE SCHEMA IF NOT EXISTS frontdesk_api AUTHORIZATION ${id(roles.owner)}`);
    await c.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);

    let sharedUser: string | null = null;
    if (!layout.current && layout.legacy) {
      sharedUser = (await c.query<{ o: string }>(`SELECT tableowner AS o FROM pg_tables WHERE schemaname = 'public' AND tablename = 'hub_meta'`)).rows[0]?.o ?? null;
      for (const t of LEGACY_TABLES) {
        const there = (await c.query<{ t: string | null }>(`SELECT to_regclass($1)::text AS t`, [`public.${t}`])).rows[0]!.t;
        if (!there) continue;
        await c.query(`ALTER TABLE public.${t} OWNER TO ${id(roles.owner)}`);
        await c.query(`ALTER TABLE public.${t} SET SCHEMA frontdesk`);
      }
      for (const f of LEGACY_FUNCTIONS) {
        const there = (await c.query<{ f: string | null }>(`SELECT to_regprocedure($1)::text AS f`, [`public.${f}`])).rows[0]!.f;
        if (!there) continue;
        await c.query(`ALTER FUNCTION public.${f} OWNER TO ${id(roles.owner)}`);
        await c.query(`ALTER FUNCTION public.${f} SET SCHEMA frontdesk`);
      }
    }

    await c.query(`SET LOCAL ROLE ${id(roles.owner)}`);
    await c.query(`SET LOCAL search_path = frontdesk, pg_temp`);
    await c.query(`CREATE TABLE IF NOT EXISTS hub_meta (key text PRIMARY KEY, value text NOT NULL)`);
    const upsert = `INSERT INTO hub_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`;
    await c.query(upsert, ['hub_id', hubId]);
    const applied = appliedVersions(meta, previousVersion);
    for (const v of applied) await c.query(upsert, [`${APPLIED_PREFIX}${v}`, 'applied']);
    for (const m of [...HUB_MIGRATIONS].sort((x, y) => x.version - y.version)) {
      if (applied.has(m.version)) continue;
      await c.query(m.sql);
      await c.query(upsert, [`${APPLIED_PREFIX}${m.version}`, 'applied']);
      await c.query(upsert, ['schema_version', String(Math.max(m.version, Number(meta.get('schema_version') ?? 0)))]);
    }
    await c.query(upsert, ['owner_role', roles.owner]);
    await c.query(upsert, ['desk_group_role', roles.desks]);
    await c.query(`REVOKE ALL ON ALL TABLES IN SCHEMA frontdesk FROM PUBLIC`);
    await c.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA frontdesk FROM PUBLIC`);
    await c.query(`REVOKE ALL ON ALL FUNCTIONS IN SCHEMA frontdesk, frontdesk_api FROM PUBLIC`);
    await c.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA frontdesk, frontdesk_api REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC`);
    await c.query(`REVOKE ALL ON SCHEMA frontdesk FROM PUBLIC`);
    await c.query(`GRANT USAGE ON SCHEMA frontdesk_api TO ${id(roles.desks)}`);
    await c.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA frontdesk_api TO ${id(roles.desks)}`);
    await c.query(`RESET ROLE`);

    // The database is the hub's alone: only desks (and its owner and administrators) connect; nobody else creates anything.
    const db = (await c.query<{ d: string }>(`SELECT current_database() AS d`)).rows[0]!.d;
    await c.query(`REVOKE ALL ON DATABASE ${id(db)} FROM PUBLIC`);
    await c.query(`GRANT CONNECT ON DATABASE ${id(db)} TO ${id(roles.desks)}`);
    await c.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
    await c.query('COMMIT');
    return { hubId, schemaVersion: HUB_SCHEMA_VERSION, previousVersion, sharedUser };
  });
}

/** Runs `fn` in a transaction as the hub's owner, after checking the hub is set up at this version. */
async function asOwner<T>(c: pg.Client, fn: (roles: Roles, hubId: string) => Promise<T>): Promise<T> {
  const there = (await c.query<{ t: string | null }>(`SELECT to_regclass('frontdesk.hub_meta')::text AS t`)).rows[0]!.t;
  const notSetUp = new AppError('HUB_REFUSED', 'The clinic hub is not set up for this version of Frontdesk. Set it up first (npm run hub:init, or “Set up or upgrade the hub”).');
  if (!there) throw notSetUp;
  await c.query('BEGIN');
  const meta = await readMeta(c, 'frontdesk');
  if (Number(meta.get('schema_version')) !== HUB_SCHEMA_VERSION) throw notSetUp;
  const hubId = meta.get('hub_id')!;
  const roles = rolesOf(hubId);
  await c.query(`SET LOCAL ROLE ${c.escapeIdentifier(roles.owner)}`);
  const out = await fn(roles, hubId);
  await c.query('RESET ROLE');
  return out;
}

interface DeskRow {
  desk_id: string;
  name: string;
  role_name: string | null;
  enrolled_at: Date;
  revoked_at: Date | null;
  last_seen_at: Date | null;
  legacy: boolean;
}

const DESK_COLUMNS = `desk_id, name, role_name, enrolled_at, revoked_at, last_seen_at, legacy`;

function deskOf(r: DeskRow): HubDeskDto {
  return {
    deskId: r.desk_id,
    name: r.name,
    roleName: r.role_name,
    enrolledAt: r.enrolled_at.getTime(),
    revokedAt: r.revoked_at?.getTime() ?? null,
    lastSeenAt: r.last_seen_at?.getTime() ?? null,
    legacy: r.legacy,
  };
}

export async function listHubDesks(admin: HubConnection): Promise<HubDeskDto[]> {
  return withAdmin(admin, async (c) => {
    const rows = await asOwner(c, async () => (await c.query<DeskRow>(`SELECT ${DESK_COLUMNS} FROM frontdesk.hub_desks ORDER BY enrolled_at, name`)).rows);
    await c.query('COMMIT');
    return rows.map(deskOf);
  });
}

/** `server` or `server:port` as desks reach the hub. */
function deskAddress(address: string, cfg: HubClientConfig): { host: string; port: number } {
  if (address === '') return { host: cfg.host, port: cfg.port };
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:\s/]+)(?::(\d{1,5}))?$/.exec(address);
  const port = m?.[2] === undefined ? cfg.port : Number(m[2]);
  if (!m || port < 1 || port > 65_535) throw fieldError('address', 'Write the address desks use as server or server:port, for example hub.clinic.lan:5432.');
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
}

/** A new desk: its own login role, only a member of the desk group. Returns the one-time enrollment code. */
export async function enrollHubDesk(admin: HubConnection, input: { name: string; address: string }): Promise<HubEnrollmentDto> {
  return withAdmin(admin, async (c, cfg) => {
    const where = deskAddress(input.address, cfg);
    const deskId = randomUUID();
    const password = randomBytes(24).toString('base64url');
    let role = '';
    let hub = '';
    const row = await asOwner(c, async (roles, hubId) => {
      hub = hubId;
      role = roles.deskPrefix + randomBytes(4).toString('hex');
      await c.query('RESET ROLE');
      await c.query(
        `CREATE ROLE ${c.escapeIdentifier(role)} LOGIN PASSWORD ${c.escapeLiteral(password)} INHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION CONNECTION LIMIT 8 IN ROLE ${c.escapeIdentifier(roles.desks)}`,
      );
      await c.query(`SET LOCAL ROLE ${c.escapeIdentifier(roles.owner)}`);
      return (
        await c.query<DeskRow>(`INSERT INTO frontdesk.hub_desks (desk_id, name, role_name) VALUES ($1, $2, $3) RETURNING ${DESK_COLUMNS}`, [deskId, input.name, role])
      ).rows[0]!;
    });
    await c.query('COMMIT');
    const code = encodeEnrollment({
      hubId: hub,
      deskId,
      deskName: input.name,
      host: where.host,
      port: where.port,
      database: cfg.database,
      user: role,
      password,
      tls: admin.tls,
      ca: admin.ca,
    });
    return { desk: deskOf(row), code };
  });
}

/**
 * Revokes a desk: the hub refuses it from its next call on (even in a session
 * still open), its role can no longer log in and leaves the desk group, and
 * its open sessions are ended where the administrator may. What it wrote stays.
 */
export async function revokeHubDesk(admin: HubConnection, deskId: string): Promise<HubDeskDto> {
  return withAdmin(admin, async (c) => {
    const row = await asOwner(c, async (roles) => {
      const r = (
        await c.query<DeskRow>(
          `UPDATE frontdesk.hub_desks SET revoked_at = coalesce(revoked_at, now()) WHERE desk_id = $1 RETURNING ${DESK_COLUMNS}`,
          [deskId],
        )
      ).rows[0];
      if (!r) throw new AppError('NOT_FOUND', 'That desk is not enrolled at this hub. The list has been refreshed.');
      await c.query('RESET ROLE');
      if (r.role_name) {
        const role = c.escapeIdentifier(r.role_name);
        // The password stays: NOLOGIN alone keeps the role out, and a desk that still knows it hears "not permitted to log in" (revoked), not "wrong password".
        await c.query(`ALTER ROLE ${role} NOLOGIN`);
        await c.query(`REVOKE ${c.escapeIdentifier(roles.desks)} FROM ${role}`);
      }
      return r;
    });
    await c.query('COMMIT');
    if (row.role_name) {
      await c.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1`, [row.role_name]).catch(() => undefined);
    }
    return deskOf(row);
  });
}
