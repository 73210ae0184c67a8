import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runImportJob } from '@main/core/import';
import { getPatientPanel } from '@main/core/patients';
import { importMapping } from '@shared/schemas/import';
import type { PatientId } from '@shared/domain/ids';
import { hubQuery } from '../../helpers/hub-query';
import { startPostgres, type TestPostgres } from '../../helpers/postgres';
import { buildTemplate, cloneDesk, drain, openDesk, seedHub, type Desk } from '../../helpers/sync-desk';

/**
 * Imported patients through a real PostgreSQL hub, two desks under their own
 * enrolled roles: the record's address, insurance, responsible person and
 * household arrive at the other desk, and a child whose row came before the
 * parent's is accepted by the hub (which refuses a reference to a patient it
 * does not have yet).
 */
let pgServer: TestPostgres;
let dir: string;
let template: ReturnType<typeof buildTemplate>;
const open: Desk[] = [];

beforeAll(async () => {
  pgServer = await startPostgres();
  dir = mkdtempSync(join(tmpdir(), 'frontdesk-import-sync-'));
  template = buildTemplate(dir);
}, 60_000);

afterAll(() => {
  pgServer?.stop();
  rmSync(dir, { recursive: true, force: true });
});

afterEach(async () => {
  for (const d of open.splice(0)) await d.close();
});

const CSV = [
  'First Name,Last Name,DOB,Address,City,State,Zip,Carrier,Member ID,Group,Subscriber,Relationship to Subscriber,Guardian First Name,Guardian Last Name,Guardian DOB,Household ID',
  'Wren,Oakhollow,5/6/2016,14 Birch Lane,Springfield,IL,62704,Delta Dental,DDX-4471,G-88,Marisol Oakhollow,child,Marisol,Oakhollow,1/2/1984,F-17',
  'Marisol,Oakhollow,1/2/1984,14 Birch Lane,Springfield,IL,62704,Delta Dental,DDX-4470,G-88,,self,,,,F-17',
].join('\n');

describe('imported patients between desks', () => {
  it('arrive at the other desk with address, insurance, responsible person and household', async () => {
    const hub = await pgServer.createHub('imports');
    await seedHub(template.file, dir, await hub.enroll('Seed desk'));
    const a = openDesk(cloneDesk(template.file, dir, 'a'), await hub.enroll('a'), { pollMs: 60_000 });
    const b = openDesk(cloneDesk(template.file, dir, 'b'), await hub.enroll('b'), { pollMs: 60_000 });
    open.push(a, b);
    a.engine.start();
    b.engine.start();

    writeFileSync(join(dir, 'family.csv'), `${CSV}\n`);
    const summary = await runImportJob(a.ctx, {
      csvFile: join(dir, 'family.csv'),
      reportFile: join(dir, 'family-report.csv'),
      mapping: importMapping.parse({
        delimiter: ',', nameMode: 'parts', givenName: 0, familyName: 1, dateOfBirth: 2, dateFormat: 'MM/DD/YYYY',
        addressLine1: 3, city: 4, region: 5, postalCode: 6, insurancePayer: 7, insuranceMemberId: 8, insuranceGroup: 9,
        insuranceSubscriber: 10, subscriberRelationship: 11, guardianGivenName: 12, guardianFamilyName: 13, guardianDateOfBirth: 14, household: 15,
      }),
      mode: 'import',
      duplicates: 'skip',
    });
    expect(summary).toMatchObject({ imported: 2, warnings: 0, invalid: 0 });

    await drain(a);
    expect(a.db.prepare(`SELECT count(*) FROM outbox WHERE state <> 'delivered'`).pluck().get()).toBe(0);
    await b.engine.cycle(5_000);

    const id = (d: Desk, given: string) => d.db.prepare(`SELECT id FROM patients WHERE given_name = ?`).pluck().get(given) as PatientId;
    const child = getPatientPanel(b.ctx, { id: id(b, 'Wren') });
    expect(id(b, 'Wren')).toBe(id(a, 'Wren'));
    expect(child.patient).toMatchObject({
      addressLine1: '14 Birch Lane', city: 'Springfield', region: 'IL', postalCode: '62704',
      insurancePayer: 'Delta Dental', insuranceMemberId: 'DDX-4471', insuranceGroup: 'G-88', insuranceSubscriber: 'Marisol Oakhollow (child)',
      guardianId: id(a, 'Marisol'),
    });
    expect(child.patient.householdId).not.toBeNull();
    expect(child.family).toEqual([expect.objectContaining({ givenName: 'Marisol', isGuardian: true })]);
    const parent = getPatientPanel(b.ctx, { id: id(b, 'Marisol') }).patient;
    expect(parent).toMatchObject({ householdId: child.patient.householdId, insuranceSubscriber: '', guardianId: null });
    // The hub holds both records; nothing was refused or quarantined.
    const atHub = await hubQuery(hub.superUrl, `SELECT count(*)::int AS n FROM frontdesk.hub_entities WHERE entity_type = 'patient' AND entity_id = ANY($1)`, [[id(a, 'Wren'), id(a, 'Marisol')]]);
    expect(atHub[0]).toEqual({ n: 2 });
  }, 120_000);
});
