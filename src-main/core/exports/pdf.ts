import { createWriteStream } from 'node:fs';
import PDFDocument from 'pdfkit';
import type { ReadDb } from '../db/open';
import { checkCancelled, type JobHooks } from './cancel';
import { bookingReference, exportRows, type ExportRow } from './rows';
import type { ExportScope } from './scope';
import { timeFormatter, zoneAbbreviation, type DateOrder, type TimeFormat, type TimeFormatter } from '@shared/time';

const STATUS_LABEL: Record<ExportRow['status'], string> = {
  booked: 'Booked',
  confirmed: 'Confirmed',
  checked_in: 'Checked in',
  completed: 'Completed',
  cancelled: 'CANCELLED',
  no_show: 'No-show',
};

const MARGIN = 48;
const ROW_HEIGHT = 20;
/** Columns: x offset from the margin and width, in points (A4/Letter both fit 516 pt). */
const COLUMNS = [
  { key: 'time', label: 'Time', x: 0, w: 94 },
  { key: 'patient', label: 'Patient', x: 98, w: 132 },
  { key: 'type', label: 'Type', x: 234, w: 118 },
  { key: 'status', label: 'Status', x: 356, w: 72 },
  { key: 'phone', label: 'Phone', x: 432, w: 84 },
] as const;

export interface PdfOptions {
  includePatientNames: boolean;
  clinicName: string;
  /** The clinic's formats: the sheet reads like the screen ("2:30 PM", "Nov 9"). */
  timeFormat: TimeFormat;
  dateOrder: DateOrder;
}

/**
 * Printable day sheets: one page per provider per day (more when a day
 * overflows), black text on white with grey rules only, so it reads the same
 * on a black-and-white printer. Standard PDF fonts (Helvetica): nothing to
 * embed. Cancelled visits stay on the sheet, marked, so the desk sees the gap.
 */
export async function writeDaySheetsPdf(db: ReadDb, scope: ExportScope, opts: PdfOptions, file: string, total: number, hooks: JobHooks = {}): Promise<number> {
  // Group by (location, date, provider): rows come by location then start time.
  const sheets = new Map<string, ExportRow[]>();
  let seen = 0;
  for (const r of exportRows(db, scope, { names: opts.includePatientNames, reminders: false })) {
    const key = `${r.locationName}\u0000${r.date}\u0000${r.providerName}\u0000${r.providerId}\u0000${r.locationId}`;
    let list = sheets.get(key);
    if (!list) sheets.set(key, (list = []));
    list.push(r);
    if (++seen % 500 === 0) {
      hooks.onProgress?.(Math.floor(seen / 2), total);
      checkCancelled(hooks);
    }
  }
  const keys = [...sheets.keys()].sort();
  const doc = new PDFDocument({ size: 'LETTER', margin: MARGIN, autoFirstPage: false, info: { Title: 'Day sheets', Creator: 'Frontdesk' } });
  const out = createWriteStream(file, { mode: 0o600 });
  const finished = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
    doc.on('error', reject);
  });
  doc.pipe(out);
  let pages = 0;
  let written = 0;
  try {
    if (keys.length === 0) {
      doc.addPage();
      pages++;
      doc.font('Helvetica-Bold').fontSize(16).fillColor('black').text(`${opts.clinicName}: day sheets`);
      const tf = timeFormatter(opts.timeFormat, opts.dateOrder);
      doc.moveDown().font('Helvetica').fontSize(11).text(`No appointments from ${tf.date(scope.fromDate)} to ${tf.date(scope.toDate)}.`);
    }
    for (const key of keys) {
      const rows = sheets.get(key)!;
      pages += sheet(doc, opts, rows);
      written += rows.length;
      hooks.onProgress?.(Math.floor(total / 2 + written / 2), total);
      checkCancelled(hooks);
    }
  } catch (e) {
    doc.end();
    await finished.catch(() => undefined);
    throw e;
  }
  doc.end();
  await finished;
  return pages;
}

/** One provider's day; returns the pages it took. */
function sheet(doc: PDFKit.PDFDocument, opts: PdfOptions, rows: ExportRow[]): number {
  const first = rows[0]!;
  const tf: TimeFormatter = timeFormatter(opts.timeFormat, opts.dateOrder);
  let pages = 0;
  let y = 0;
  const bottom = (): number => doc.page.height - MARGIN - ROW_HEIGHT;
  const header = (continued: boolean): void => {
    doc.addPage();
    pages++;
    doc.fillColor('black').font('Helvetica-Bold').fontSize(16).text(`${first.providerName}${continued ? ' (continued)' : ''}`, MARGIN, MARGIN);
    doc.font('Helvetica').fontSize(11).text(`${tf.longDate(first.date)}  ·  ${first.locationName}  ·  times in ${first.zone.replace(/_/g, ' ')} (${zoneAbbreviation(first.zone, first.startAt)})`);
    doc.fontSize(9).fillColor('#333333').text(opts.clinicName);
    y = doc.y + 12;
    doc.font('Helvetica-Bold').fontSize(10).fillColor('black');
    for (const c of COLUMNS) doc.text(c.label, MARGIN + c.x, y, { width: c.w, lineBreak: false });
    y += ROW_HEIGHT - 4;
    doc.moveTo(MARGIN, y).lineTo(doc.page.width - MARGIN, y).lineWidth(1).strokeColor('black').stroke();
    y += 6;
  };
  header(false);
  for (const r of rows) {
    if (y > bottom()) header(true);
    const cells: Record<(typeof COLUMNS)[number]['key'], string> = {
      time: `${tf.time(r.zone, r.startAt)}–${tf.time(r.zone, r.endAt)}`,
      patient: opts.includePatientNames ? (r.patientName ?? '') : `Ref ${bookingReference(r.id)}`,
      type: r.typeName,
      status: STATUS_LABEL[r.status],
      phone: opts.includePatientNames ? (r.patientPhone ?? '') : '',
    };
    doc.font(r.status === 'cancelled' ? 'Helvetica-Oblique' : 'Helvetica').fontSize(10).fillColor('black');
    for (const c of COLUMNS) doc.text(cells[c.key], MARGIN + c.x, y, { width: c.w, height: ROW_HEIGHT, ellipsis: true, lineBreak: false });
    y += ROW_HEIGHT - 4;
    doc.moveTo(MARGIN, y).lineTo(doc.page.width - MARGIN, y).lineWidth(0.5).strokeColor('#999999').stroke();
    y += 4;
  }
  doc.font('Helvetica').fontSize(9).fillColor('black').text(`${rows.length} appointment${rows.length === 1 ? '' : 's'}`, MARGIN, y + 6, { lineBreak: false });
  return pages;
}
