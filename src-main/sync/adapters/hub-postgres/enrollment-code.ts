import { isIP } from 'node:net';
import { z } from 'zod';
import { HUB_TLS_MODES, type HubConnection } from '@shared/schemas/sync';
import { fieldError } from '@main/core/validation';

/**
 * The enrollment code a manager hands to one desk: `FDHUB1.` and base64url
 * JSON with the hub's address, the desk's own login role and password, and
 * the connection security with the clinic's CA. It carries a secret: it is
 * shown once, pasted once, and then kept only as the desk's hub connection.
 */
const ENROLLMENT_PREFIX = 'FDHUB1.';

const enrollment = z.strictObject({
  hubId: z.string().min(1).max(64),
  deskId: z.string().min(1).max(64),
  deskName: z.string().min(1).max(100),
  host: z.string().min(1).max(253),
  port: z.number().int().min(1).max(65_535),
  database: z.string().min(1).max(63),
  user: z.string().min(1).max(63),
  password: z.string().min(16).max(200),
  tls: z.enum(HUB_TLS_MODES),
  ca: z.string().max(20_000).nullable(),
});
export type Enrollment = z.infer<typeof enrollment>;

export function encodeEnrollment(e: Enrollment): string {
  return ENROLLMENT_PREFIX + Buffer.from(JSON.stringify(e), 'utf8').toString('base64url');
}

export function decodeEnrollment(code: string): Enrollment {
  const bad = fieldError('code', 'This is not a Frontdesk enrollment code. Copy the whole code the manager created (it starts with FDHUB1.).');
  const text = code.replace(/\s+/g, '');
  if (!text.startsWith(ENROLLMENT_PREFIX)) throw bad;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(text.slice(ENROLLMENT_PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    throw bad;
  }
  const parsed = enrollment.safeParse(json);
  if (!parsed.success) throw bad;
  return parsed.data;
}

/** The hub connection a desk keeps from its enrollment. */
export function connectionOf(e: Enrollment): HubConnection {
  const host = isIP(e.host) === 6 ? `[${e.host}]` : e.host;
  const url = `postgres://${encodeURIComponent(e.user)}:${encodeURIComponent(e.password)}@${host}:${e.port}/${encodeURIComponent(e.database)}`;
  return { url, tls: e.tls, ca: e.ca };
}
