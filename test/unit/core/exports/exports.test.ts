import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ICAL from 'ical.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runExportJob, type ExportJob, ExportCancelled, bookingReference } from '@main/core/exports';
import { openTempDb } from '../../../helpers/tempdb';
import { clinicWithVisits, dbAppointments, readText } from './support';
import { pdfPagesText } from './pdf-text';
import { updateClinicSettings } from '@main/core/clinic';
import { timeFormatter } from '@shared/time';
import { testContext } from '../../../helpers/clinic-fixture';

/** "09:30" → minutes after midnight. */
const minuteOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

let t: ReturnType<typeof openTempDb>;
beforeEach(() => (t = openTempDb()));
afterEach(() => t.cleanup());

const NOW = Date.UTC(2025, 2, 3, 13);

function job(over: Partial<ExportJob> & Pick<ExportJob, 'format'>): ExportJob {
  return {
    kind: 'export',
    jobId: `job-${over.format}-${Math.random().toString(36).slice(2, 10)}`,
    scope: { fromDate: '2025-03-01', toDate: '2025-11-30' },
    includePatientNames: false,
    includeBlockouts: false,
    dir: join(t.file, '..'),
    now: NOW,
    ...over,
  };
}

describe('schedule CSV', () => {
  it('has one row per appointment with local times in the location zone, DST days included, and no names unless asked', async () => {
    clinicWithVisits(t.db);
    const r = await runExportJob(t.db, job({ format: 'csv' }));
    const text = readText(r.path);
    expect(text.startsWith('\uFEFF')).toBe(true);
    const records = parse(text, { bom: true, columns: true }) as Array<Record<string, string>>;
    const expected = dbAppointments(t.db);
    expect(records).toHaveLength(expected.length);
    expect(r.rows).toBe(expected.length);
    expect(Object.keys(records[0]!)).not.toContain('patient');
    for (const e of expected) {
      expect(text).not.toContain(e.family);
      const row = records.find((x) => x.reference === bookingReference(e.id));
      expect(row, e.id).toMatchObject({
        date: e.date,
        start: e.start,
        end: e.end,
        zone: e.zone,
        location: e.location,
        room: e.room ?? '',
        provider: e.provider,
        type: e.type,
        status: e.status,
      });
    }
    // DST: 01:30 and 03:30 on spring-forward day are an hour apart in real time; fall-back 01:30 twice.
    expect(records.filter((x) => x.date === '2025-03-09').map((x) => x.start)).toEqual(['01:30', '03:30']);
    expect(records.filter((x) => x.date === '2025-11-02').map((x) => x.start)).toEqual(['01:30', '01:30']);
    const confirmed = records.find((x) => x.status === 'confirmed')!;
    expect(confirmed.confirmation).toBe('confirmed');
    expect(records.find((x) => x.status === 'cancelled')!.confirmation).toBe('');
    // Reminders are armed with each booking (24 h and 1 h by default).
    expect(records.find((x) => x.date === '2025-11-02')!.reminders).toMatch(/24h \w+; 1h \w+/);
  });

  it('adds patient name and phone only when names are included', async () => {
    clinicWithVisits(t.db);
    const r = await runExportJob(t.db, job({ format: 'csv', includePatientNames: true }));
    const records = parse(readText(r.path), { bom: true, columns: true }) as Array<Record<string, string>>;
    for (const e of dbAppointments(t.db)) {
      const row = records.find((x) => x.reference === bookingReference(e.id))!;
      expect(row.patient).toBe(`${e.family}, ${e.given}`);
      expect(row.phone).toBe(e.phone ?? '');
    }
  });

  it('writes names, phones and set-up names that start like a spreadsheet formula as text', async () => {
    const f = clinicWithVisits(t.db);
    t.db.prepare(`UPDATE patients SET family_name = ?, phone = ? WHERE id = ?`).run('=HYPERLINK("http://x.example/","Open")', '+1 212 555 0101', f.patients.ann);
    t.db.prepare(`UPDATE providers SET name = ? WHERE id = ?`).run('@Smith', f.providers.smith.id);
    const r = await runExportJob(t.db, job({ format: 'csv', includePatientNames: true }));
    const records = parse(readText(r.path), { bom: true, columns: true }) as Array<Record<string, string>>;
    const ann = records.find((x) => x.reference === bookingReference(f.ids.springBefore!))!;
    expect(ann).toMatchObject({ patient: `'=HYPERLINK("http://x.example/","Open"), Ann`, phone: "'+1 212 555 0101", provider: "'@Smith" });
    expect(records.filter((x) => !x.patient!.startsWith("'")).every((x) => !/^[=+\-@]/.test(x.patient!))).toBe(true);
  });

  it('filters by location and provider, and an empty range gives the header only', async () => {
    const f = clinicWithVisits(t.db);
    const smithOnly = await runExportJob(t.db, job({ format: 'csv', scope: { fromDate: '2025-03-01', toDate: '2025-11-30', providerIds: [f.providers.smith.id] } }));
    const rows = parse(readText(smithOnly.path), { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(rows.length).toBe(4);
    expect(new Set(rows.map((x) => x.provider))).toEqual(new Set(['Dr. Smith']));
    const uptown = await runExportJob(t.db, job({ format: 'csv', scope: { fromDate: '2025-03-01', toDate: '2025-11-30', locationIds: [f.uptown.id] } }));
    expect(parse(readText(uptown.path), { bom: true })).toHaveLength(1);
    const empty = await runExportJob(t.db, job({ format: 'csv', scope: { fromDate: '2026-01-01', toDate: '2026-01-31' } }));
    expect(empty.rows).toBe(0);
    expect(parse(readText(empty.path), { bom: true })).toEqual([expect.arrayContaining(['date', 'start', 'provider'])]);
  });

  it('stops when cancelled', async () => {
    clinicWithVisits(t.db);
    await expect(runExportJob(t.db, job({ format: 'csv' }), { isCancelled: () => true })).rejects.toBeInstanceOf(ExportCancelled);
  });
});

describe('schedule iCalendar', () => {
  function events(text: string) {
    const root = new ICAL.Component(ICAL.parse(text));
    for (const tz of root.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
    return root.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  }

  it('has one neutral event per visit that is not cancelled, at the right instant with TZID and VTIMEZONE', async () => {
    const f = clinicWithVisits(t.db);
    const r = await runExportJob(t.db, job({ format: 'ics' }));
    const text = readText(r.path);
    expect(text).toContain('BEGIN:VTIMEZONE\r\nTZID:America/New_York');
    expect(text).toMatch(/DTSTART;TZID=America\/New_York:20250309T033000/);
    // The repeated 01:30 of fall-back night would mean its first occurrence as TZID time: written in UTC instead.
    expect(text).toContain('DTSTART:20251102T053000Z');
    expect(text).toContain('DTSTART:20251102T063000Z');
    const evs = events(text);
    const live = dbAppointments(t.db).filter((a) => a.status !== 'cancelled');
    expect(evs).toHaveLength(live.length);
    for (const a of live) {
      const ev = evs.find((e) => e.uid === `${a.id}@frontdesk`)!;
      expect(ev.summary).toBe('Appointment');
      expect(ev.description).toContain(bookingReference(a.id));
      if (a.date !== '2025-11-02') expect(ev.startDate.zone?.tzid).toBe(a.zone);
      expect(ev.startDate.toUnixTime() * 1000).toBe(a.startAt);
      expect(ev.endDate.toUnixTime() * 1000).toBe(a.endAt);
      expect(text).not.toContain(a.family);
      expect(text).not.toContain(a.type);
    }
    // The two 01:30s of fall-back night are an hour apart.
    const fall = evs.filter((e) => e.startDate.toString().startsWith('2025-11-02T0')).map((e) => e.startDate.toUnixTime());
    expect(fall.sort()[1]! - fall.sort()[0]!).toBe(3600);
    // Blockouts only when asked, neutral.
    expect(text).not.toContain('Unavailable');
    t.db
      .prepare(`INSERT INTO blockouts (id, provider_id, start_at, end_at, reason, created_at) VALUES ('b1', ?, ?, ?, 'dentist appointment', 0)`)
      .run(f.providers.smith.id, Date.UTC(2025, 5, 2, 14), Date.UTC(2025, 5, 2, 16));
    const withBlockouts = readText((await runExportJob(t.db, job({ format: 'ics', includeBlockouts: true }))).path);
    const un = events(withBlockouts).filter((e) => e.summary === 'Unavailable');
    expect(un).toHaveLength(1);
    expect(un[0]!.startDate.toUnixTime() * 1000).toBe(Date.UTC(2025, 5, 2, 14));
    expect(withBlockouts).not.toContain('dentist');
  });

  it('an empty range is a valid calendar without events', async () => {
    clinicWithVisits(t.db);
    const r = await runExportJob(t.db, job({ format: 'ics', scope: { fromDate: '2026-01-01', toDate: '2026-01-02' } }));
    expect(events(readText(r.path))).toHaveLength(0);
  });
});

describe('PDF day sheets', () => {
  it('has one page per provider per day with times, names, type, status and phone, in the clinic’s formats', async () => {
    clinicWithVisits(t.db);
    const r = await runExportJob(t.db, job({ format: 'pdf', includePatientNames: true }));
    const pages = await pdfPagesText(readFileSync(r.path));
    const all = dbAppointments(t.db);
    const days = new Set(all.map((a) => `${a.date}|${a.provider}|${a.location}`));
    expect(pages).toHaveLength(days.size);
    expect(r.rows).toBe(days.size);
    const tf = timeFormatter('12h', 'MDY');
    for (const a of all) {
      const times = `${tf.wallTime(minuteOf(a.start))}–${tf.wallTime(minuteOf(a.end))}`;
      const page = pages.find((p) => p.includes(tf.longDate(a.date)) && p.includes(a.provider) && p.includes(times));
      expect(page, `${a.date} ${a.provider}`).toBeDefined();
      expect(page).toContain(`${a.family}, ${a.given}`);
      expect(page).toContain(a.type);
      if (a.phone) expect(page).toContain(a.phone);
    }
    expect(pages.find((p) => p.includes('March 4, 2025') && p.includes('Dr. Smith'))).toContain('CANCELLED');
  });

  it('follows the clinic’s 24-hour and day-first settings like the screens do', async () => {
    clinicWithVisits(t.db);
    updateClinicSettings(testContext(t.db, NOW), { timeFormat: '24h', dateOrder: 'DMY' });
    const pages = await pdfPagesText(readFileSync((await runExportJob(t.db, job({ format: 'pdf', includePatientNames: true }))).path));
    const tf = timeFormatter('24h', 'DMY');
    for (const a of dbAppointments(t.db)) {
      const page = pages.find((p) => p.includes(tf.longDate(a.date)) && p.includes(a.provider) && p.includes(`${a.start}–${a.end}`));
      expect(page, `${a.date} ${a.provider}`).toBeDefined();
    }
    expect(pages.join('\n')).not.toMatch(/ [AP]M/);
  });

  it('an empty range gives one page that says so; without names it shows references only', async () => {
    clinicWithVisits(t.db);
    const empty = await pdfPagesText(readFileSync((await runExportJob(t.db, job({ format: 'pdf', scope: { fromDate: '2026-01-01', toDate: '2026-01-02' } }))).path));
    expect(empty).toHaveLength(1);
    expect(empty[0]).toContain('No appointments from Jan 1, 2026 to Jan 2, 2026');
    const anon = await pdfPagesText(readFileSync((await runExportJob(t.db, job({ format: 'pdf' }))).path));
    const text = anon.join('\n');
    for (const a of dbAppointments(t.db)) expect(text).not.toContain(a.family);
    expect(text).toContain('Ref ');
  });
});
