import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { enrollHubDesk, setUpHub } from '../../src-main/sync/adapters/hub-postgres/admin';
import { connectionOf, decodeEnrollment } from '../../src-main/sync/adapters/hub-postgres/enrollment-code';

/**
 * A real PostgreSQL server for tests and benchmarks: Debian's binaries
 * (`apt-get install postgresql`, see .ci/run), a fresh cluster in a temporary
 * folder on a free port, password authentication (so a wrong password is a
 * real refusal), fsync off (the data is thrown away). initdb refuses to run as
 * root, so as root the cluster belongs to the `postgres` user.
 *
 * The roles are the ones a clinic has: `clinic` is the superuser; `hubadmin`
 * is the hub's administrator as a careful DBA makes one (no superuser: it may
 * create roles, owns the hub databases, may end sessions); `createHub` sets a
 * hub up with it (owner role, desk group) and `enroll` makes a desk role.
 */
export interface TestHub {
  /** The hub database's administrator address (hubadmin). */
  adminUrl: string;
  /** The superuser's address of the same database (for looking behind the desks' backs). */
  superUrl: string;
  /** Enrolls a desk; its own address (tls disabled: loopback). */
  enroll(name?: string): Promise<string>;
}

export interface TestPostgres {
  /** postgres://clinic:…@127.0.0.1:port/<db> of a fresh database (superuser, no hub set up). */
  createDatabase(name: string): Promise<string>;
  /** A fresh database owned by hubadmin, set up as a hub with hub:init's code. */
  createHub(name: string): Promise<TestHub>;
  port: number;
  password: string;
  /** Stops the server (fast shutdown: open connections are cut) and keeps its data, for `resume`. */
  pause(): void;
  /** Starts the paused server again on the same port; returns once it accepts connections. */
  resume(): void;
  stop(): void;
}

const PASSWORD = 'hub-test-secret';
const ADMIN = 'hubadmin';

/** Enrolls a desk at the hub with this administrator address; the desk's own address. */
async function enrollTestDesk(adminUrl: string, name = 'Test desk'): Promise<string> {
  const { code } = await enrollHubDesk({ url: adminUrl, tls: 'disable', ca: null }, { name, address: '' });
  return connectionOf(decodeEnrollment(code)).url;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) throw new Error('PostgreSQL is not installed: apt-get install -y postgresql (see .ci/run)');
  const version = readdirSync(root).sort((a, b) => Number(b) - Number(a))[0]!;
  return join(root, version, 'bin');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** `ssl`: the server's certificate and key (PEM); the server then also accepts TLS. */
export async function startPostgres(opts: { ssl?: { cert: string; key: string } } = {}): Promise<TestPostgres> {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-pg-'));
  const data = join(dir, 'data');
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, PASSWORD);
  const asRoot = process.getuid?.() === 0;
  let uid = -1;
  if (asRoot) {
    uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
    chownSync(pwfile, uid, gid);
  }
  chmodSync(dir, 0o700);
  let sslArgs = '';
  if (opts.ssl) {
    for (const [file, pem] of [['server.crt', opts.ssl.cert], ['server.key', opts.ssl.key]] as const) {
      writeFileSync(join(dir, file), pem, { mode: 0o600 });
      if (asRoot) chownSync(join(dir, file), uid, Number(execFileSync('id', ['-g', 'postgres']).toString().trim()));
    }
    sslArgs = ` -c ssl=on -c ssl_cert_file=${join(dir, 'server.crt')} -c ssl_key_file=${join(dir, 'server.key')}`;
  }
  const run = (cmd: string, args: string[]): void => {
    const full = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]] : [join(bin, cmd), args];
    const r = spawnSync(full[0] as string, full[1] as string[], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
  };
  run('initdb', ['-D', data, '-U', 'clinic', '--pwfile', pwfile, '--auth=scram-sha-256', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  const port = await freePort();
  const startServer = (): void =>
    run('pg_ctl', [
      '-D', data, '-w', '-l', join(dir, 'log'), '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60${sslArgs}`,
      'start',
    ]);
  startServer();
  const admin = (db: string) => `postgres://clinic:${PASSWORD}@127.0.0.1:${port}/${db}`;
  const superQuery = async (sql: string) => {
    const c = new pg.Client({ connectionString: admin('postgres') });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await superQuery(`CREATE ROLE ${ADMIN} LOGIN PASSWORD '${PASSWORD}' CREATEROLE; GRANT pg_signal_backend TO ${ADMIN}`);
  return {
    port,
    password: PASSWORD,
    async createDatabase(name) {
      await superQuery(`CREATE DATABASE ${name.replace(/[^a-z0-9_]/g, '')}`);
      return admin(name);
    },
    async createHub(name) {
      const db = name.replace(/[^a-z0-9_]/g, '');
      await superQuery(`CREATE DATABASE ${db} OWNER ${ADMIN}`);
      const adminUrl = `postgres://${ADMIN}:${PASSWORD}@127.0.0.1:${port}/${db}`;
      await setUpHub({ url: adminUrl, tls: 'disable', ca: null });
      return { adminUrl, superUrl: admin(db), enroll: (desk) => enrollTestDesk(adminUrl, desk) };
    },
    pause() {
      run('pg_ctl', ['-D', data, '-w', '-m', 'fast', 'stop']);
    },
    resume: startServer,
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
