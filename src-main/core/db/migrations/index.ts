import type { Migration } from '../migrate';
import { m0001 } from './0001-initial-schema';
import { m0002 } from './0002-patient-search';

/** Ordered, append-only. Shipped migrations are never edited. */
export const MIGRATIONS: readonly Migration[] = [m0001, m0002];
export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
