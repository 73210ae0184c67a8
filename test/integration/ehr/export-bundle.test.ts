import type { Appointment, Bundle, Practitioner } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { book, cancel } from '@main/core/booking';
import { exportEhrBundle } from '@main/app/ehr-export';
import { appointmentBundle } from '@main/sync/adapters/fhir/export-bundle';
import { localInstant } from '../../helpers/clinic-fixture';
import { useEhrDesks } from './ehr-desk';

/** A day of visits as one FHIR transaction Bundle, imported by a real FHIR R4 server (twice, booking nothing twice). */
const setUp = useEhrDesks();

describe('exporting visits as a FHIR transaction Bundle', () => {
  it('is accepted by the EHR, references mapped resources and carries the unmapped ones', async () => {
    const { fhir, desk } = await setUp({}, { map: false });
    const { fx } = desk;
    const at = (t: string) => localInstant('2025-03-03', t);
    const a = book(fx.ctx, { patientId: fx.patients.ann, providerId: fx.providers.smith.id, locationId: fx.main.id, typeId: fx.types.checkup.id, startAt: at('10:00'), note: 'private' });
    const b = book(fx.ctx, { patientId: fx.patients.ann, providerId: fx.providers.jones.id, locationId: fx.main.id, typeId: fx.types.checkup.id, startAt: at('11:00') });
    cancel(fx.ctx, { id: b.id, reason: 'Feeling better', expectedVersion: b.version });
    book(fx.ctx, { patientId: fx.patients.bob, providerId: fx.providers.smith.id, locationId: fx.main.id, typeId: fx.types.checkup.id, startAt: localInstant('2025-03-04', '10:00') });

    const { bundle, visits } = appointmentBundle(fx.ctx.db, at('00:00'), localInstant('2025-03-04', '00:00'));
    expect(visits).toBe(2);
    expect(JSON.stringify(bundle)).not.toMatch(/private|Feeling better/);
    const post = async () => {
      const res = await fetch(fhir.baseUrl, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(bundle) });
      expect(res.status, await res.clone().text()).toBe(200);
      return (await res.json()) as Bundle;
    };
    const answer = await post();
    expect(answer.type).toBe('transaction-response');
    await post(); // imported again: nothing twice
    const appointments = await fhir.search<Appointment>('Appointment');
    expect(appointments).toHaveLength(2);
    expect(appointments.map((x) => x.status).sort()).toEqual(['booked', 'cancelled']);
    const practitioners = await fhir.search<Practitioner>('Practitioner');
    // Dr. Smith was seeded in the EHR with the same NPI: found, not created again; Dr. Jones is new.
    expect(practitioners).toHaveLength(2);
    expect(await fhir.search('Patient')).toHaveLength(1);
    // Through the channel's service: the clinic's local dates, a file name, an audit row with counts only.
    const file = exportEhrBundle(fx.ctx, { fromDate: '2025-03-03', toDate: '2025-03-04' });
    expect(file).toMatchObject({ fileName: 'frontdesk-fhir-2025-03-03-to-2025-03-04.json', visits: 3 });
    expect(fx.ctx.db.prepare(`SELECT details FROM audit_log WHERE action = 'ehr.export_bundle'`).pluck().get()).toBe('{"fromDate":"2025-03-03","toDate":"2025-03-04","visits":3}');
    const smithVisit = appointments.find((x) => x.identifier?.[0]?.value === a.id)!;
    expect(smithVisit.participant.map((p) => p.actor?.reference)).toContain(desk.smithRef);
  });
});
