import type { Practitioner } from '@medplum/fhirtypes';
import type { JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { ehrSettingsOf, makeEhrKey, removeEhr, saveEhrConnection, testEhrConnection } from '@main/app/ehr-connection';
import { listEhrMappings } from '@main/app/ehr-mappings';
import { book } from '@main/core/booking';
import { inWriteTransaction } from '@main/core/db/transaction';
import { APPOINTMENT_ID_SYSTEM } from '@main/sync/adapters/fhir/resources';
import { localInstant } from '../../helpers/clinic-fixture';
import { expectAppErrorAsync } from '../../helpers/expect-error';
import { useEhrDesks } from './ehr-desk';

/**
 * Connecting the EHR: SMART Backend Services with a key made on the desk,
 * bearer and basic auth, "Test connection" in plain words, secrets that
 * never come back, and mapping suggestions from the EHR's directory.
 */
const setUp = useEhrDesks();

describe('connecting the EHR', () => {
  it('signs in with SMART Backend Services using the desk’s own key, registered by its public half', async () => {
    const { fhir, desk } = await setUp();
    const settings = await makeEhrKey(desk.services);
    const jwks = JSON.parse(settings.publicJwks!) as { keys: JWK[] };
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-384', alg: 'ES384', use: 'sig' });
    expect(jwks.keys[0]).not.toHaveProperty('d'); // the private half never leaves main
    expect(JSON.stringify(settings)).not.toContain('"d"');

    const input = { baseUrl: fhir.baseUrl, auth: { kind: 'smart' as const, clientId: 'frontdesk-desk-1' }, mode: 'realtime' as const };
    // Not registered yet: refused, nothing saved.
    fhir.options.auth = { kind: 'smart', clientId: 'frontdesk-desk-1', jwks: { keys: [] } };
    await expectAppErrorAsync(testEhrConnection(desk.fx.ctx.db, input), 'EHR_REFUSED');
    fhir.options.auth = { kind: 'smart', clientId: 'frontdesk-desk-1', jwks };
    const report = await testEhrConnection(desk.fx.ctx.db, input);
    expect(report.fhirVersion).toBe('4.0.1');
    expect(report.lines.map((l) => l.text)).toEqual(
      expect.arrayContaining(['The EHR accepted this desk’s sign-in.', 'Conditional create is supported: a visit sent twice is never booked twice.']),
    );
    await saveEhrConnection(desk.services, input);
    expect(desk.engine.active).toBe(true);
    const visit = book(desk.fx.ctx, {
      patientId: desk.fx.patients.ann,
      providerId: desk.fx.providers.smith.id,
      locationId: desk.fx.main.id,
      typeId: desk.fx.types.checkup.id,
      startAt: localInstant('2025-03-03', '10:00'),
    });
    await desk.engine.cycle(5_000);
    expect(await fhir.search('Appointment', { identifier: `${APPOINTMENT_ID_SYSTEM}|${visit.id}` })).toHaveLength(1);
    // One token served every request of the cycle.
    expect(fhir.requests.filter((r) => r.path === '/auth/token' && r.status === 200).length).toBeLessThanOrEqual(3);
    const audit = desk.fx.ctx.db.prepare(`SELECT action, details FROM audit_log WHERE action LIKE 'ehr.%'`).all() as Array<{ action: string; details: string | null }>;
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['ehr.key_made', 'ehr.connect']));
    expect(JSON.stringify(audit)).not.toMatch(/-----BEGIN|"d":/);
  });

  it('reports a server without conditional create or /metadata in plain words, and keeps a bearer token write-only', async () => {
    const { fhir, desk } = await setUp({ auth: { kind: 'bearer', token: 'secret-token-1' }, conditionalCreate: false });
    inWriteTransaction(desk.fx.ctx.db, () => desk.fx.ctx.db.prepare(`DELETE FROM ehr_connection`).run());
    const input = { baseUrl: fhir.baseUrl, auth: { kind: 'bearer' as const, token: 'secret-token-1' } };
    let report = await testEhrConnection(desk.fx.ctx.db, input);
    expect(report.lines.map((l) => l.text)).toContain('Conditional create is not supported: duplicates are prevented by searching before each create.');
    fhir.options.metadata = false;
    report = await testEhrConnection(desk.fx.ctx.db, input);
    expect(report.lines[1]!.text).toMatch(/does not publish what it supports.*search before creating/);

    await saveEhrConnection(desk.services, input);
    const settings = ehrSettingsOf(desk.fx.ctx);
    expect(settings).toMatchObject({ connected: true, authKind: 'bearer', hasSecret: true });
    expect(JSON.stringify(settings)).not.toContain('secret-token-1');
    // The stored token is reused for the same server only.
    await saveEhrConnection(desk.services, { ...input, auth: { kind: 'bearer', token: null }, mode: 'batch', batchMinutes: 30 });
    expect(ehrSettingsOf(desk.fx.ctx)).toMatchObject({ mode: 'batch', batchMinutes: 30 });
    await expectAppErrorAsync(
      saveEhrConnection(desk.services, { ...input, baseUrl: 'http://127.0.0.1:1/fhir', auth: { kind: 'bearer', token: null } }),
      'VALIDATION',
      /token again/,
    );
    await expectAppErrorAsync(testEhrConnection(desk.fx.ctx.db, { ...input, auth: { kind: 'bearer', token: 'wrong' } }), 'EHR_REFUSED');
    await expectAppErrorAsync(testEhrConnection(desk.fx.ctx.db, { ...input, baseUrl: 'http://127.0.0.1:1/fhir' }), 'EHR_UNREACHABLE');
    await expectAppErrorAsync(testEhrConnection(desk.fx.ctx.db, { ...input, baseUrl: 'http://ehr.example.com/fhir' }), 'VALIDATION', /https/);

    await removeEhr(desk.services);
    expect(ehrSettingsOf(desk.fx.ctx).connected).toBe(false);
    expect(desk.engine.active).toBe(false);
  });

  it('suggests mappings by NPI and name and lists what is unmapped and what it blocks', async () => {
    const { fhir, desk } = await setUp({ auth: { kind: 'basic', username: 'desk', password: 'pw' } }, { map: false, connection: { authKind: 'basic', username: 'desk', secret: 'pw' } });
    const jones = await fhir.seed<Practitioner>({ resourceType: 'Practitioner', name: [{ family: 'Jones', given: ['Dr'] }] });
    desk.engine.start();
    book(desk.fx.ctx, {
      patientId: desk.fx.patients.ann,
      providerId: desk.fx.providers.jones.id,
      locationId: desk.fx.main.id,
      typeId: desk.fx.types.checkup.id,
      startAt: localInstant('2025-03-03', '10:00'),
    });
    await desk.engine.cycle(5_000);
    const m = await listEhrMappings(desk.fx.ctx);
    expect(m.problem).toBeNull();
    const row = (kind: string, name: string) => m.rows.find((r) => r.kind === kind && r.localName === name)!;
    expect(row('provider', 'Dr. Smith').suggestion).toMatchObject({ reference: desk.smithRef, reason: 'Same NPI' });
    expect(row('provider', 'Dr. Jones').suggestion).toMatchObject({ reference: `Practitioner/${jones.id}`, reason: 'Same name' });
    expect(row('provider', 'Dr. Jones').blockedVisits).toBe(1);
    expect(row('location', 'Main Street').suggestion).toMatchObject({ reference: desk.mainRef });
    expect(row('room', 'Op 1').suggestion).toMatchObject({ reference: desk.op1Ref });
    expect(row('type', 'Checkup').suggestion).toMatchObject({ code: 'CHECKUP' });
    expect(row('type', 'Checkup').blockedVisits).toBe(1);
    expect(m.practitioners.map((p) => p.reference)).toEqual(expect.arrayContaining([desk.smithRef, `Practitioner/${jones.id}`]));
  });
});
