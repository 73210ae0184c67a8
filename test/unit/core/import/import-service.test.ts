import { signInManager, TEST_SECRET_COST } from '../../../helpers/staff';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PushEvent } from '@main/app/event-bus';
import { startAppServices, type AppServices } from '@main/app/services';
import { updatesNotAvailableHere } from '@main/app/updates';
import { createAppHandlerTable } from '@main/ipc/app-table';
import type { HandlerTable } from '@main/ipc/handler-table';
import { FixedClock } from '@main/platform/clock';
import { createLogger } from '@main/platform/logger';
import { IMPORT_CHUNK_CHARS } from '@shared/schemas/import';
import { tempDbFile } from '../../../helpers/tempdb';
import { plantedCsv } from '../../../helpers/patient-csv';

/** The import channels through the app's real handler table (what the renderer calls), worker included. */
const caller = { id: 'test:1' };
let temp: ReturnType<typeof tempDbFile>;
let services: AppServices;
let table: HandlerTable;
let events: PushEvent[];

beforeEach(async () => {
  temp = tempDbFile();
  events = [];
  services = startAppServices({
    dbFile: temp.file,
    clock: new FixedClock(Date.UTC(2025, 10, 24, 14, 30)),
    logger: createLogger({ write: () => undefined }),
    appVersion: 'test',
    user: 'manager',
    secretCost: TEST_SECRET_COST,
    demo: null,
    updates: () => updatesNotAvailableHere('n/a'),
  });
  services.events.subscribe((e) => events.push(e));
  table = createAppHandlerTable(services);
  await services.started();
  await signInManager(services);
});
afterEach(async () => {
  await table.drain();
  await services.close();
  temp.cleanup();
});

const call = (channel: string, input: unknown) => table.invoke(channel, input, caller) as Promise<{ ok: boolean; data?: any; error?: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function upload(text: string): Promise<string> {
  const begun = await call('import/begin', { fileName: 'export.csv', size: Buffer.byteLength(text) });
  expect(begun.ok).toBe(true);
  const uploadId = begun.data.uploadId as string;
  for (let i = 0, index = 0; i < text.length; i += IMPORT_CHUNK_CHARS, index++) {
    expect((await call('import/append', { uploadId, index, chunk: text.slice(i, i + IMPORT_CHUNK_CHARS) })).ok).toBe(true);
  }
  return uploadId;
}

describe('import channels', () => {
  it('uploads in chunks, previews with a guessed mapping, checks, imports once, reports, and cleans up', async () => {
    const csv = plantedCsv(4_000, { brokenEvery: 97, duplicateEvery: 61, existingEvery: 1_000_000, existing: [] });
    const uploadId = await upload(csv.text);
    const folder = join(dirname(temp.file), 'imports');
    expect(readdirSync(folder)).toEqual([`${uploadId}.csv`]);

    const preview = await call('import/preview', { uploadId });
    expect(preview.data.headers).toEqual(['First Name', 'Last Name', 'DOB', 'Mobile', 'Email', 'SMS Opt-Out']);
    expect(preview.data.rows).toHaveLength(10);
    const mapping = preview.data.suggested;
    expect(mapping).toMatchObject({ nameMode: 'parts', givenName: 0, familyName: 1, dateOfBirth: 2, dateFormat: 'MM/DD/YYYY', phone: 3, email: 4, smsOptOut: 5 });

    const checked = await call('import/check', { uploadId, mapping });
    expect(checked.data).toMatchObject({ status: 'done', summary: { mode: 'check', ...csv.expected, imported: 0 } });
    expect(events.some((e) => e.name === 'import/progress' && e.payload.mode === 'check')).toBe(true);

    const report = await call('import/report', { uploadId, offset: 0 });
    expect(report.data.nextOffset).toBeNull();
    expect(report.data.text.split('\n')[0]).toBe('First Name,Last Name,DOB,Mobile,Email,SMS Opt-Out,Line in the original file,Why it was not imported');
    expect(report.data.text.trim().split('\n')).toHaveLength(1 + checked.data.summary.leftOutRows);
    // The rows hold patient data: their download is audited.
    const audited = services.core().db.prepare(`SELECT entity_id FROM audit_log WHERE action = 'import.rows_to_fix'`).pluck().all();
    expect(audited).toEqual([uploadId]);

    const ran = await call('import/run', { uploadId, mapping });
    expect(ran.data).toMatchObject({ status: 'done', summary: { mode: 'import', imported: csv.expected.ready } });
    // The uploaded copy is gone once imported; importing it again is refused.
    expect(existsSync(join(folder, `${uploadId}.csv`))).toBe(false);
    expect((await call('import/run', { uploadId, mapping })).error.code).toBe('NOT_FOUND');
    expect((await call('import/discard', { uploadId })).ok).toBe(true);
    expect(readdirSync(folder)).toEqual([]);
  }, 60_000);

  it('suggests the date format most rows of the whole file are written in, and shows the count per format', async () => {
    // The first rows (and one ISO date among them) read either way; only later rows show the day comes first.
    const rows = ['First Name,Last Name,DOB', 'Ann,Archer,1990-02-01'];
    const two = (n: number) => String(n).padStart(2, '0');
    for (let i = 1; i <= 40; i++) rows.push(`P${i},Patient,${two(i <= 12 ? i : 13 + (i % 16))}/${two((i % 12) + 1)}/1980`);
    const uploadId = await upload(`${rows.join('\n')}\n`);
    const preview = await call('import/preview', { uploadId });
    expect(preview.data.rowCount).toBe(41);
    expect(preview.data.suggested).toMatchObject({ dateOfBirth: 2, dateFormat: 'DD/MM/YYYY' });
    expect(preview.data.dateColumns).toEqual([
      { column: 2, values: 41, readable: { 'YYYY-MM-DD': 1, 'MM/DD/YYYY': 12, 'DD/MM/YYYY': 40, 'DD.MM.YYYY': 0, YYYYMMDD: 0 }, best: 'DD/MM/YYYY' },
    ]);
    const checked = await call('import/check', { uploadId, mapping: preview.data.suggested });
    expect(checked.data.summary).toMatchObject({ rows: 41, ready: 40, invalid: 1 });
  }, 60_000);

  it('refuses a lost chunk, a mapping past the columns, and a second job at the same time', async () => {
    const begun = await call('import/begin', { fileName: 'x.csv', size: 100 });
    const uploadId = begun.data.uploadId as string;
    expect((await call('import/append', { uploadId, index: 1, chunk: 'a,b\n' })).error.code).toBe('CONFLICT');

    const csv = plantedCsv(20_000, { brokenEvery: 1_000_000, duplicateEvery: 1_000_000, existingEvery: 1_000_000, existing: [] });
    const id = await upload(csv.text);
    const mapping = { delimiter: ',', nameMode: 'parts', givenName: 0, familyName: 1, dateOfBirth: 2, dateFormat: 'MM/DD/YYYY' };
    const far = await call('import/check', { uploadId: id, mapping: { ...mapping, phone: 9 } });
    expect(far.error).toMatchObject({ code: 'VALIDATION', details: { issues: [{ path: 'phone' }] } });
    const missing = await call('import/check', { uploadId: id, mapping: { ...mapping, givenName: null } });
    expect(missing.error).toMatchObject({ code: 'VALIDATION', details: { issues: [{ path: 'mapping.givenName' }] } });

    const first = call('import/check', { uploadId: id, mapping });
    // The check is under way once its worker reports progress.
    await vi.waitUntil(() => events.some((e) => e.name === 'import/progress'), { timeout: 20_000 });
    expect((await call('import/run', { uploadId: id, mapping })).error.code).toBe('LOCKED');
    expect((await first).data.status).toBe('done');
  }, 60_000);
});
