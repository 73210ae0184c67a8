import { closeSync, openSync, writeSync } from 'node:fs';
import { spreadsheetCsv } from './spreadsheet-csv';
import type { ReadDb } from '../db/open';
import { checkCancelled, type JobHooks } from './cancel';
import { bookingReference, exportRows, type ExportRow } from './rows';
import type { ExportScope } from './scope';

const BATCH = 2000;

const BASE_COLUMNS = [
  'date',
  'start',
  'end',
  'zone',
  'location',
  'room',
  'provider',
  'type',
  'status',
  'confirmation',
  'reminders',
  'reference',
] as const;
const NAME_COLUMNS = ['patient', 'phone'] as const;

function csvHeader(includePatientNames: boolean): string[] {
  return includePatientNames ? [...BASE_COLUMNS, ...NAME_COLUMNS] : [...BASE_COLUMNS];
}

function csvRecord(r: ExportRow, includePatientNames: boolean): string[] {
  const base = [r.date, r.start, r.end, r.zone, r.locationName, r.roomName, r.providerName, r.typeName, r.status, r.confirmation, r.reminders, bookingReference(r.id)];
  return includePatientNames ? [...base, r.patientName ?? '', r.patientPhone ?? ''] : base;
}

/**
 * The schedule as CSV (RFC 4180 via csv-stringify, UTF-8 with a BOM so
 * spreadsheet programs read accents): one row per visit. Written in
 * batches; cancellation is checked between them.
 */
export function writeScheduleCsv(db: ReadDb, scope: ExportScope, includePatientNames: boolean, file: string, total: number, hooks: JobHooks = {}): number {
  const fd = openSync(file, 'w', 0o600);
  try {
    writeSync(fd, '\uFEFF' + spreadsheetCsv([csvHeader(includePatientNames)]));
    let batch: string[][] = [];
    let done = 0;
    const flush = (): void => {
      if (batch.length === 0) return;
      writeSync(fd, spreadsheetCsv(batch));
      done += batch.length;
      batch = [];
      hooks.onProgress?.(done, total);
      checkCancelled(hooks);
    };
    for (const r of exportRows(db, scope, { names: includePatientNames, reminders: true })) {
      batch.push(csvRecord(r, includePatientNames));
      if (batch.length >= BATCH) flush();
    }
    flush();
    return done;
  } finally {
    closeSync(fd);
  }
}
