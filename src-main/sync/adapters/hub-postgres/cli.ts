/**
 * `npm run hub:init -- --admin-url postgres://ADMIN@SERVER:5432/DATABASE [options]`
 *
 * Sets up the clinic hub in DATABASE, or upgrades it in place (a hub of the
 * shared-owner version included), then optionally enrolls, lists or revokes
 * desks. The administrator's password is read from PGPASSWORD when the
 * address has none (so it stays out of the shell history and process list).
 *
 *   --tls verify-full|require|disable   connection security (default verify-full;
 *                                       disable only to this computer)
 *   --ca FILE                           the clinic CA certificate (PEM); also handed
 *                                       to enrolled desks in their code
 *   --enroll NAME                       enroll a desk; prints its one-time code
 *   --desk-address SERVER[:PORT]        the hub address as desks reach it
 *   --list                              list the enrolled desks
 *   --revoke DESK_ID                    revoke a desk
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AppError } from '@shared/domain/errors';
import { HUB_TLS_MODES, type HubConnection } from '@shared/schemas/sync';
import { enrollHubDesk, listHubDesks, revokeHubDesk, setUpHub } from './admin';

const USAGE =
  'usage: npm run hub:init -- --admin-url postgres://admin@server:5432/frontdesk [--tls verify-full|require|disable] [--ca clinic-ca.pem]\n' +
  '                           [--enroll "Front desk 2" [--desk-address hub.clinic.lan:5432]] [--list] [--revoke DESK_ID]\n';

function adminConnection(values: { 'admin-url'?: string; tls?: string; ca?: string }): HubConnection {
  const raw = values['admin-url'];
  if (!raw) throw new Error('missing --admin-url');
  const tls = (values.tls ?? 'verify-full') as HubConnection['tls'];
  if (!HUB_TLS_MODES.includes(tls)) throw new Error(`--tls must be one of ${HUB_TLS_MODES.join(', ')}`);
  const url = new URL(raw);
  if (url.password === '' && process.env.PGPASSWORD) url.password = encodeURIComponent(process.env.PGPASSWORD);
  return { url: url.toString(), tls, ca: values.ca ? readFileSync(values.ca, 'utf8') : null };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'admin-url': { type: 'string' },
      tls: { type: 'string' },
      ca: { type: 'string' },
      enroll: { type: 'string' },
      'desk-address': { type: 'string', default: '' },
      list: { type: 'boolean', default: false },
      revoke: { type: 'string' },
    },
    strict: true,
  });
  let admin: HubConnection;
  try {
    admin = adminConnection(values);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const setup = await setUpHub(admin);
  const from = setup.previousVersion === 0 ? 'created' : setup.previousVersion === setup.schemaVersion ? 'already current' : `upgraded from version ${setup.previousVersion}`;
  process.stdout.write(`Clinic hub ${setup.hubId}: schema version ${setup.schemaVersion} (${from}).\n`);
  if (setup.sharedUser) {
    process.stdout.write(
      `This hub was used by every desk as "${setup.sharedUser}". That user no longer has access to the hub; enroll each desk again ` +
        `(--enroll NAME) and, once they are back, change that user's password or drop it.\n`,
    );
  }
  if (values.enroll) {
    const { desk, code } = await enrollHubDesk(admin, { name: values.enroll, address: values['desk-address'] });
    process.stdout.write(`Enrolled "${desk.name}" (${desk.deskId}). Paste this code once at that desk (Sync › Clinic hub connection › Join with a code); it holds the desk's password:\n${code}\n`);
  }
  if (values.revoke) {
    const desk = await revokeHubDesk(admin, values.revoke);
    process.stdout.write(`Revoked "${desk.name}" (${desk.deskId}).\n`);
  }
  if (values.list) {
    for (const d of await listHubDesks(admin)) {
      const state = d.legacy ? 'before enrollment' : d.revokedAt ? `revoked ${new Date(d.revokedAt).toISOString()}` : 'active';
      const seen = d.lastSeenAt ? `, last seen ${new Date(d.lastSeenAt).toISOString()}` : '';
      process.stdout.write(`${d.deskId}  ${d.name}  (${state}${seen})\n`);
    }
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof AppError ? e.message : e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
