import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '@renderer/api';
import { useReports } from '@renderer/features/reports/reports-store';
import { localInstant } from '../../helpers/clinic-fixture';
import { connectReadyRenderer, type RendererMain } from '../../helpers/renderer-main';
import { signInManager } from '../../helpers/staff';

/**
 * The Reports section's store against a real main and its export worker, signed in as a
 * manager, Monday 2025-03-03 08:00 in New York: Dr. Smith works Mon–Fri 09:00–12:00 and
 * 13:00–17:00 (seven hours a day). The scope is checked before anything is sent, the report
 * counts what the schedule holds, and the files come back whole.
 */
let main: RendererMain;
beforeAll(async () => {
  main = await connectReadyRenderer();
  await signInManager(main.services);
  // Monday: one visit kept, one cancelled two hours before its start (a late cancel).
  const book = (time: string) =>
    invoke('appointments/book', {
      patientId: main.clinic.patients.ann,
      providerId: main.clinic.providers.smith.id,
      locationId: main.clinic.main.id,
      typeId: main.clinic.types.checkup.id,
      startAt: localInstant('2025-03-03', time),
    });
  const kept = await book('09:00');
  const cancelled = await book('10:00');
  if (!kept.ok || !cancelled.ok) throw new Error('booking failed');
  const c = await invoke('appointments/cancel', { id: cancelled.data.id, reason: 'Unwell', expectedVersion: cancelled.data.version });
  if (!c.ok) throw new Error(c.error.message);
});
afterAll(async () => main.close());

describe('reports', () => {
  it('starts on the clinic’s current week, Monday to Sunday', () => {
    useReports.getState().ensureRange();
    expect(useReports.getState().scope).toMatchObject({ fromDate: '2025-03-03', toDate: '2025-03-09' });
  });

  it('refuses a range that ends before it starts at the field, sending nothing; changing the date clears it', async () => {
    useReports.getState().setScope({ fromDate: '2025-03-09', toDate: '2025-03-03' });
    const before = main.calls.length;
    await useReports.getState().runReport();
    expect(useReports.getState().fieldErrors).toEqual({ toDate: 'The last date must be on or after the first date.' });
    expect(useReports.getState().rep.state).toBe('idle');
    expect(main.calls.slice(before)).not.toContain('reports/run');

    useReports.getState().setScope({ fromDate: '2025-03-03', toDate: '2025-03-09' });
    expect(useReports.getState().fieldErrors).toEqual({});
  });

  it('counts Dr. Smith’s week: open hours, the kept visit, the late cancel; its CSV reads back whole', async () => {
    useReports.getState().setScope({ providerIds: [main.clinic.providers.smith.id] });
    await useReports.getState().runReport();
    const { rep } = useReports.getState();
    expect(rep.state).toBe('done');
    expect(rep.error).toBeNull();
    expect(rep.report?.totals).toEqual([
      expect.objectContaining({
        providerId: main.clinic.providers.smith.id,
        openMin: 5 * 7 * 60,
        bookedMin: 30,
        visits: 1,
        cancellations: 1,
        lateCancels: 1,
        noShows: 0,
      }),
    ]);
    expect(rep.report?.daily.find((d) => d.period === '2025-03-03')).toMatchObject({ visits: 1, openMin: 7 * 60 });

    const csv = await useReports.getState().reportCsv();
    const text = await csv!.text();
    expect(text).toContain('Dr. Smith');
    expect(text.split('\n').length).toBeGreaterThan(2);
  });

  it('exports the week as CSV without patient names unless asked, and hands over the file', async () => {
    useReports.getState().setExportOptions({ format: 'csv', includePatientNames: false });
    await useReports.getState().runExport();
    const { exp } = useReports.getState();
    expect(exp.state).toBe('done');
    expect(exp.saved?.file.fileName).toMatch(/\.csv$/);
    const text = await (await fetch(exp.saved!.url)).text();
    expect(text).toContain('Dr. Smith');
    expect(text).not.toContain('Archer');
  });
});
