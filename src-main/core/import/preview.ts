import { closeSync, openSync, readSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { AppError } from '../../../src-shared/domain/errors';
import type { ImportPreview } from '../../../src-shared/domain/import';
import { detectDelimiter, suggestMapping } from './mapping';

const PREVIEW_BYTES = 64 * 1024;
const PREVIEW_ROWS = 10;

/**
 * The header and first rows of an uploaded file, read from its first 64 KB
 * (cut at the last complete line), with a mapping guessed from the header.
 */
export function previewCsv(file: string, uploadId: string): ImportPreview {
  const fd = openSync(file, 'r');
  let head: string;
  try {
    const buf = Buffer.alloc(PREVIEW_BYTES);
    const n = readSync(fd, buf, 0, PREVIEW_BYTES, 0);
    head = buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
  if (head.length === PREVIEW_BYTES || head.includes('\uFFFD')) {
    const lastNewline = head.lastIndexOf('\n');
    if (lastNewline > 0) head = head.slice(0, lastNewline + 1);
  }
  head = head.replace(/^\uFEFF/, '');
  const firstLine = head.split(/\r?\n/, 1)[0] ?? '';
  if (firstLine.trim() === '') throw new AppError('VALIDATION', 'The file is empty or does not start with a header line.');
  const delimiter = detectDelimiter(firstLine);
  let records: string[][];
  try {
    records = parse(head, {
      delimiter,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      to: PREVIEW_ROWS + 1,
    });
  } catch {
    throw new AppError('VALIDATION', 'This file could not be read as CSV. Export it from the old system as CSV and try again.');
  }
  const [header = [], ...rows] = records;
  const headers = header.map((h) => h.trim());
  return { uploadId, delimiter, headers, rows, suggested: suggestMapping(headers, rows, delimiter) };
}
