import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBookingService } from '@main/core/booking';
import { runReportJob } from '@main/core/exports';
import { providerReport, weekOf } from '@main/core/reports/report';
import { buildClinic, localInstant } from '../../../helpers/clinic-fixture';
import { openTempDb } from '../../../helpers/tempdb';
import { clinicWithVisits } from './support';

let t: ReturnType<typeof openTempDb>;
beforeEach(() => (t = openTempDb()));
afterEach(() => t.cleanup());

describe('provider report', () => {
  it('utilization uses the opening hours (breaks, weekends) and booked minutes of visits that were not cancelled', () => {
    const f = buildClinic(t.db);
    const svc = createBookingService(f.ctx);
    const { smith, jones } = f.providers;
    svc.book({ patientId: f.patients.ann, providerId: smith.id, locationId: f.main.id, typeId: f.types.checkup.id, startAt: localInstant('2025-03-03', '09:00') });
    svc.book({ patientId: f.patients.bob, providerId: smith.id, locationId: f.main.id, typeId: f.types.cleaning.id, startAt: localInstant('2025-03-03', '10:00') });
    const gone = svc.book({ patientId: f.patients.cyd, providerId: smith.id, locationId: f.main.id, typeId: f.types.checkup.id, startAt: localInstant('2025-03-03', '14:00') });
    svc.cancel({ id: gone.id, reason: 'asked' }); // 6 h ahead: a late cancel
    const r = providerReport(t.db, { fromDate: '2025-03-03', toDate: '2025-03-09' });
    const monday = r.daily.find((x) => x.period === '2025-03-03' && x.providerId === smith.id)!;
    expect(monday).toMatchObject({ openMin: 420, bookedMin: 75, visits: 2, cancellations: 1, lateCancels: 1, newPatients: 2 });
    expect(monday.utilization).toBeCloseTo(75 / 420, 4);
    expect(monday.lateCancelRate).toBeCloseTo(1 / 3, 4);
    // Jones: 5 weekdays × 7 h at Main + Saturday 4 h at Uptown; nothing booked.
    const jonesWeek = r.weekly.find((x) => x.providerId === jones.id)!;
    expect(jonesWeek).toMatchObject({ period: '2025-03-03', openMin: 5 * 420 + 240, bookedMin: 0, utilization: 0, visits: 0, noShowRate: null });
    expect(r.totals.find((x) => x.providerId === smith.id)).toMatchObject({ openMin: 5 * 420, bookedMin: 75 });
    // Sunday: nobody is open, no rows for it.
    expect(r.daily.some((x) => x.period === '2025-03-09')).toBe(false);
  });

  it('counts 23 and 25 open hours on DST days, no-shows, late cancels (< 24 h) and first visits as new patients', () => {
    const f = clinicWithVisits(t.db);
    const { smith, jones } = f.providers;
    const r = providerReport(t.db, { fromDate: '2025-03-01', toDate: '2025-11-30' });
    const day = (date: string, id: string) => r.daily.find((x) => x.period === date && x.providerId === id)!;
    expect(day('2025-03-09', smith.id)).toMatchObject({ openMin: 23 * 60, bookedMin: 60, visits: 2 });
    expect(day('2025-11-02', jones.id)).toMatchObject({ openMin: 25 * 60, bookedMin: 60, visits: 2 });
    expect(day('2025-03-05', smith.id)).toMatchObject({ openMin: 24 * 60 });
    // Cancelled 26 h ahead (not late) and 12 h ahead (late).
    expect(day('2025-03-04', smith.id)).toMatchObject({ cancellations: 1, lateCancels: 0, visits: 0 });
    expect(day('2025-03-03', smith.id)).toMatchObject({ cancellations: 1, lateCancels: 1, lateCancelRate: 1 });
    expect(day('2025-03-04', jones.id)).toMatchObject({ visits: 1, noShows: 1, noShowRate: 1 });
    // First visits (not cancelled) of Ann, Bob and Cyd.
    expect(r.totals.reduce((n, x) => n + x.newPatients, 0)).toBe(3);
    expect(weekOf('2025-03-09')).toBe('2025-03-03');
    expect(weekOf('2025-03-10')).toBe('2025-03-10');
  });

  it('writes a provider name that starts like a spreadsheet formula as text', () => {
    const f = clinicWithVisits(t.db);
    t.db.prepare(`UPDATE providers SET name = ? WHERE id = ?`).run('=1+1', f.providers.smith.id);
    const r = runReportJob(t.db, { kind: 'report', jobId: 'report-2', scope: { fromDate: '2025-03-01', toDate: '2025-03-31' }, dir: join(t.file, '..') });
    const rows = parse(readFileSync(r.path, 'utf8'), { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(rows.some((x) => x.provider === "'=1+1")).toBe(true);
    expect(rows.some((x) => x.provider === '=1+1')).toBe(false);
  });

  it('writes its tables as CSV and an empty range is empty', () => {
    clinicWithVisits(t.db);
    const r = runReportJob(t.db, { kind: 'report', jobId: 'report-1', scope: { fromDate: '2025-03-01', toDate: '2025-03-31' }, dir: join(t.file, '..') });
    const rows = parse(readFileSync(r.path, 'utf8'), { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(rows.filter((x) => x.granularity === 'day')).toHaveLength(r.daily.length);
    expect(rows.filter((x) => x.granularity === 'week')).toHaveLength(r.weekly.length);
    const first = r.daily[0]!;
    expect(rows[0]).toMatchObject({ period: first.period, provider: first.providerName, open_minutes: String(first.openMin), booked_minutes: String(first.bookedMin) });
    const empty = providerReport(t.db, { fromDate: '2026-06-01', toDate: '2026-06-01' });
    expect(empty.daily.every((x) => x.visits === 0 && x.bookedMin === 0)).toBe(true);
  });
});
