import type pg from 'pg';
import { AppError } from '@shared/domain/errors';
import { HUB_SCHEMA_VERSION } from './schema';

/**
 * What a desk learns when it connects: which hub this is and who the hub
 * says the desk is (from its login role, never from anything the desk
 * sends). A hub of another schema version is refused with what to do.
 */
export interface HubHello {
  hubId: string;
  schemaVersion: number;
  deskId: string;
  deskName: string;
}

export async function helloHub(client: Pick<pg.ClientBase, 'query'>): Promise<HubHello> {
  const { rows } = await client.query<{ hello: HubHello }>('SELECT frontdesk_api.hello() AS hello');
  const hello = rows[0]!.hello;
  if (hello.schemaVersion > HUB_SCHEMA_VERSION) {
    throw new AppError(
      'UNSUPPORTED_VERSION',
      'The clinic hub was set up by a newer version of Frontdesk. Update Frontdesk on this workstation; your changes stay queued here until then.',
      { hubVersion: hello.schemaVersion, supportedVersion: HUB_SCHEMA_VERSION },
    );
  }
  if (hello.schemaVersion < HUB_SCHEMA_VERSION) {
    throw new AppError(
      'HUB_REFUSED',
      'The clinic hub is not set up for this version of Frontdesk yet. Ask your manager to set up the hub (npm run hub:init, or Sync › Hub administration).',
      { hubVersion: hello.schemaVersion, supportedVersion: HUB_SCHEMA_VERSION },
    );
  }
  return hello;
}
