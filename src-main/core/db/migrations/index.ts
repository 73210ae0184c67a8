import type { Migration } from '../migrate';
import { m0001 } from './0001-initial-schema';
import { m0002 } from './0002-patient-search';
import { m0007 } from './0007-care-teams';
import { m0008 } from './0008-sync';
import { m0009 } from './0009-reminder-delivery';
import { m0010 } from './0010-provider-calendars';
import { m0011 } from './0011-staff-and-audit-chain';
import { m0013 } from './0013-sync-quarantine';
import { m0014 } from './0014-hub-visit-origins';
import { m0015 } from './0015-patient-record';
import { m0016 } from './0016-waitlist-and-series';
import { m0017 } from './0017-visit-arrival-times';
import { m0018 } from './0018-ehr-fhir';
import { m0019 } from './0019-hub-undone-changes';

/** Ordered, append-only. Shipped migrations are never edited. */
export const MIGRATIONS: readonly Migration[] = [m0001, m0002, m0007, m0008, m0009, m0010, m0011, m0013, m0014, m0015, m0016, m0017, m0018, m0019];
export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
