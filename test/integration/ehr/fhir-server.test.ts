import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Appointment } from '@medplum/fhirtypes';
import { startFhirServer, type TestFhirServer } from '../../helpers/fhir-server';

/** The test FHIR server behaves as the adapter expects a real one to. */
describe('test FHIR server', () => {
  let fhir: TestFhirServer;
  beforeAll(async () => {
    fhir = await startFhirServer();
  });
  afterAll(() => fhir.close());

  const appointment = {
    resourceType: 'Appointment',
    status: 'booked',
    identifier: [{ system: 'urn:test', value: 'a1' }],
    start: '2026-12-08T10:00:00Z',
    end: '2026-12-08T10:30:00Z',
    participant: [{ actor: { reference: 'Practitioner/p1' }, status: 'accepted' }],
  };
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${fhir.baseUrl}/Appointment`, { method: 'POST', headers: { 'content-type': 'application/fhir+json', ...headers }, body: JSON.stringify(body) });

  it('creates once under If-None-Exist and answers the existing one after', async () => {
    const first = await post(appointment, { 'if-none-exist': 'identifier=urn:test|a1' });
    expect(first.status).toBe(201);
    expect(first.headers.get('etag')).toMatch(/^W\/"/);
    const again = await post(appointment, { 'if-none-exist': 'identifier=urn:test|a1' });
    expect(again.status).toBe(200);
    expect(await fhir.search('Appointment', { identifier: 'urn:test|a1' })).toHaveLength(1);
  });

  it('refuses a stale If-Match with 412 and an invalid resource with 400', async () => {
    const [stored] = await fhir.search<Appointment>('Appointment', { identifier: 'urn:test|a1' });
    const put = await fetch(`${fhir.baseUrl}/Appointment/${stored!.id!}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/fhir+json', 'if-match': 'W/"not-the-version"' },
      body: JSON.stringify({ ...stored, status: 'arrived' }),
    });
    expect(put.status).toBe(412);
    const bad = await post({ ...appointment, identifier: [{ system: 'urn:test', value: 'a2' }], startt: 'nope' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { resourceType: string }).resourceType).toBe('OperationOutcome');
  });

  it('publishes its capabilities, and can do without conditional create or /metadata', async () => {
    const cs = (await (await fetch(`${fhir.baseUrl}/metadata`)).json()) as { rest: Array<{ resource: Array<{ type: string; conditionalCreate: boolean }> }> };
    expect(cs.rest[0]!.resource.find((r) => r.type === 'Appointment')?.conditionalCreate).toBe(true);
    fhir.options.conditionalCreate = false;
    fhir.options.metadata = false;
    try {
      expect((await fetch(`${fhir.baseUrl}/metadata`)).status).toBe(404);
      expect((await post(appointment, { 'if-none-exist': 'identifier=urn:test|a1' })).status).toBe(201);
      expect(await fhir.search('Appointment', { identifier: 'urn:test|a1' })).toHaveLength(2);
    } finally {
      fhir.options.conditionalCreate = true;
      fhir.options.metadata = true;
    }
  });

  it('pages searches with next links, fails on demand and comes back after a stop', async () => {
    for (let i = 0; i < 5; i++) await fhir.seed({ resourceType: 'Practitioner', identifier: [{ system: 'urn:npi', value: `p${i}` }] });
    const page = (await (await fetch(`${fhir.baseUrl}/Practitioner?_count=2`)).json()) as { entry: unknown[]; link: Array<{ relation: string; url: string }> };
    expect(page.entry).toHaveLength(2);
    expect(page.link.find((l) => l.relation === 'next')?.url).toContain('_offset=2');
    fhir.failNext(2, 503);
    expect((await fetch(`${fhir.baseUrl}/Practitioner`)).status).toBe(503);
    expect((await fetch(`${fhir.baseUrl}/Practitioner`)).status).toBe(503);
    expect((await fetch(`${fhir.baseUrl}/Practitioner`)).status).toBe(200);
    await fhir.stop();
    await expect(fetch(`${fhir.baseUrl}/Practitioner`)).rejects.toThrow();
    await fhir.start();
    expect((await fetch(`${fhir.baseUrl}/Practitioner`)).status).toBe(200);
  });
});
