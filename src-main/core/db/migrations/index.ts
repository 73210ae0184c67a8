import type { Migration } from '../migrate';
import { m0001 } from './0001-initial-schema';
import { m0002 } from './0002-patient-search';
import { m0007 } from './0007-care-teams';
import { m0008 } from './0008-sync';
import { m0009 } from './0009-reminder-delivery';
import { m0010 } from './0010-provider-calendars';
import { m0011 } from './0011-staff-and-audit-chain';

/** Ordered, append-only. Shipped migrations are never edited. */
export const MIGRATIONS: readonly Migration[] = [m0001, m0002, m0007, m0008, m0009, m0010, m0011];
export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
