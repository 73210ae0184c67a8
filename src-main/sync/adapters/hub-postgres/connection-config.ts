import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import type { HubConnection } from '@shared/schemas/sync';
import { fieldError } from '@main/core/validation';

/**
 * Turns a hub connection into the settings the PostgreSQL driver gets, field
 * by field: the address is taken apart here and never handed to the driver as
 * a connection string, so nothing written in it (`?sslmode=disable`,
 * `?ssl=false`, `?sslrootcert=/some/file`, a socket path) can change how the
 * desk connects or crash it. The connection security is the chosen one:
 *
 * - verify-full (the default): encrypted, and the hub's certificate must be
 *   signed by the clinic's CA (the PEM stored with the connection) or a
 *   public one, for the host name in the address;
 * - require: encrypted without checking who answers — an explicit, labelled
 *   choice;
 * - disable: plaintext, only to this computer (localhost / 127.0.0.1 / ::1).
 *
 * Anything else is a VALIDATION error on the field to fix.
 */
export interface HubClientConfig {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  ssl: false | ConnectionOptions;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1']);
const HOST = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;
const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function isLoopbackHost(host: string): boolean {
  return LOOPBACK.has(host.toLowerCase());
}

export function hubClientConfig(conn: HubConnection): HubClientConfig {
  const bad = (message: string) => fieldError('url', message);
  let u: URL;
  try {
    u = new URL(conn.url);
  } catch {
    throw bad('The hub address is not valid. Write it as postgres://user:password@server:5432/database.');
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') throw bad('The hub address starts with postgres://.');
  const params = [...u.searchParams.keys()];
  if (params.some((k) => /^ssl/i.test(k))) {
    throw bad('Remove “?sslmode=…” or “?ssl=…” from the hub address: choose the connection security below instead.');
  }
  if (u.search !== '' || params.length > 0) throw bad('The hub address takes no settings after “?”: remove them.');
  if (u.hash !== '') throw bad('The hub address cannot contain “#”. If the password has one, write it as %23.');
  const host = u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname;
  if (host === '' || !(HOST.test(host) || isIP(host) !== 0)) throw bad('Enter the hub server’s name or IP address, for example hub.clinic.lan.');
  const port = u.port === '' ? 5432 : Number(u.port);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw bad('The hub port must be a number from 1 to 65535.');
  let database: string;
  let user: string;
  let password: string;
  try {
    database = decodeURIComponent(u.pathname.replace(/^\//, ''));
    user = decodeURIComponent(u.username);
    password = decodeURIComponent(u.password);
  } catch {
    throw bad('The hub address has a “%” that is not followed by two hexadecimal digits. Write a “%” in the password as %25.');
  }
  if (database === '' || database.includes('/') || database.length > 63) throw bad('End the hub address with the database name, for example …:5432/frontdesk.');
  if (user === '' || user.length > 63) throw bad('Put the hub user name in the address, for example postgres://desk1:password@….');
  if (/\0/.test(database + user + password)) throw bad('The hub address contains a character that is not allowed.');

  if (conn.tls === 'disable' && !isLoopbackHost(host)) {
    throw fieldError('tls', 'An unencrypted connection is allowed only to this computer (localhost). Choose an encrypted connection to the hub.');
  }
  const ca = conn.ca === null ? undefined : caCertificates(conn.ca);
  const ssl: HubClientConfig['ssl'] =
    conn.tls === 'disable'
      ? false
      : conn.tls === 'require'
        ? { rejectUnauthorized: false }
        : { rejectUnauthorized: true, ...(ca ? { ca } : {}), ...(isIP(host) === 0 ? { servername: host } : {}) };
  return { host, port, database, user, password, ssl };
}

/** The PEM certificates in what was pasted; a clear field error when there is none or one is damaged. */
function caCertificates(pem: string): string[] {
  const blocks = pem.match(PEM_BLOCK) ?? [];
  const problem = fieldError('ca', 'Paste the clinic’s CA certificate in PEM form (it starts with -----BEGIN CERTIFICATE-----).');
  if (blocks.length === 0) throw problem;
  for (const b of blocks) {
    try {
      new X509Certificate(b);
    } catch {
      throw problem;
    }
  }
  return blocks;
}
