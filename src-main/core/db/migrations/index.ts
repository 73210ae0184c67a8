import type { Migration } from '../migrate';
import { m0001 } from './0001-initial-schema';
import { m0002 } from './0002-patient-search';
import { m0007 } from './0007-care-teams';

/** Ordered, append-only. Shipped migrations are never edited. */
export const MIGRATIONS: readonly Migration[] = [m0001, m0002, m0007];
export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
