import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getBasicAuthHeaders, makeCalendar } from 'tsdav';

/**
 * A real CalDAV server for tests: Debian's Radicale (`/usr/bin/radicale`) on
 * a free 127.0.0.1 port, storage in a temporary folder, plain htpasswd users
 * (so a wrong password is a real 401). `stop()` kills it and keeps the folder,
 * `start()` brings it back on the same port with the same data (outage tests).
 */
export interface TestRadicale {
  port: number;
  baseUrl: string;
  /** Users and their passwords, as written to the htpasswd file. */
  users: Record<string, string>;
  /** Makes a calendar collection for a user; returns its URL (with a trailing slash). */
  makeCalendar(user: string, name: string): Promise<string>;
  /** Raw PUT of an iCalendar object into a collection (events made "by the provider's own app"). */
  putEvent(calendarUrl: string, user: string, fileName: string, ics: string): Promise<void>;
  /** The objects in a collection: href → iCalendar text. */
  listEvents(calendarUrl: string, user: string): Promise<Map<string, string>>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops the server and removes its folder. */
  dispose(): Promise<void>;
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

export async function startRadicale(users: Record<string, string> = { alice: 'alice-pw', bob: 'bob-pw' }): Promise<TestRadicale> {
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-radicale-'));
  const port = await freePort();
  const htpasswd = join(dir, 'users');
  writeFileSync(htpasswd, Object.entries(users).map(([u, p]) => `${u}:${p}`).join('\n') + '\n');
  const config = join(dir, 'config');
  writeFileSync(
    config,
    [
      '[server]',
      `hosts = 127.0.0.1:${port}`,
      '[auth]',
      'type = htpasswd',
      `htpasswd_filename = ${htpasswd}`,
      'htpasswd_encryption = plain',
      // Radicale delays every failed login by up to this many seconds; tests try wrong passwords on purpose.
      'delay = 0',
      '[rights]',
      'type = owner_only',
      '[storage]',
      `filesystem_folder = ${join(dir, 'collections')}`,
      '[web]',
      'type = none',
      '[logging]',
      // Info level, for the "server ready" line that start() waits for.
      'level = info',
      '',
    ].join('\n'),
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;

  const auth = (user: string) => getBasicAuthHeaders({ username: user, password: users[user]! });

  async function start(): Promise<void> {
    if (child) return;
    const c = spawn('/usr/bin/radicale', ['--config', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    child = c;
    let stderr = '';
    // Radicale says it is ready once its socket listens: from then on connections are taken.
    await new Promise<void>((resolve, reject) => {
      const deadline = setTimeout(() => reject(new Error(`radicale did not get ready: ${stderr}`)), 15_000);
      c.stderr!.on('data', (d: Buffer) => {
        const seen = stderr.slice(-100) + d.toString();
        stderr = (stderr + d.toString()).slice(-4000);
        if (seen.includes('Radicale server ready')) {
          clearTimeout(deadline);
          resolve();
        }
      });
      c.once('exit', (code) => {
        clearTimeout(deadline);
        reject(new Error(`radicale exited (${code}): ${stderr}`));
      });
    });
  }

  async function stop(): Promise<void> {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill('SIGKILL');
    await exited;
  }

  await start();
  return {
    port,
    baseUrl,
    users,
    async makeCalendar(user, name) {
      const url = `${baseUrl}/${user}/${name}/`;
      // Radicale makes the principal collection on the user's first authenticated request.
      await fetch(`${baseUrl}/${user}/`, { method: 'PROPFIND', headers: { ...auth(user), depth: '0' } }).then((r) => r.arrayBuffer());
      const res = await makeCalendar({ url, props: { displayname: name }, headers: auth(user) });
      if (res.some((r) => !r.ok)) throw new Error(`MKCALENDAR ${url} failed: ${res.map((r) => r.status).join(',')}`);
      return url;
    },
    async putEvent(calendarUrl, user, fileName, ics) {
      const r = await fetch(new URL(fileName, calendarUrl), {
        method: 'PUT',
        body: ics,
        headers: { ...auth(user), 'content-type': 'text/calendar; charset=utf-8' },
      });
      await r.arrayBuffer();
      if (!r.ok) throw new Error(`PUT ${fileName} failed: ${r.status}`);
    },
    async listEvents(calendarUrl, user) {
      const r = await fetch(calendarUrl, {
        method: 'REPORT',
        headers: { ...auth(user), depth: '1', 'content-type': 'application/xml' },
        body: `<?xml version="1.0"?><c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">
          <d:prop><c:calendar-data/></d:prop><c:filter><c:comp-filter name="VCALENDAR"/></c:filter></c:calendar-query>`,
      });
      const text = await r.text();
      if (r.status !== 207) throw new Error(`REPORT failed: ${r.status}`);
      const out = new Map<string, string>();
      for (const m of text.matchAll(/<(?:\w+:)?response>([\s\S]*?)<\/(?:\w+:)?response>/g)) {
        const body = m[1]!;
        const href = /<(?:\w+:)?href>([^<]+)</.exec(body)?.[1];
        const data = /<(?:\w+:)?calendar-data[^>]*>([\s\S]*?)<\/(?:\w+:)?calendar-data>/.exec(body)?.[1];
        if (href && data) out.set(href, data.replace(/&#13;/g, '\r').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
      }
      return out;
    },
    start,
    stop,
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
