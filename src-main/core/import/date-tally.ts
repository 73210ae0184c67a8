import { IMPORT_DATE_FORMATS, type ImportDateFormat } from '@shared/schemas/import';
import type { DateColumnTally } from '@shared/domain/import';
import { readDate } from './dates';

/**
 * Counts, for one column, how many of its values read as a real date in each
 * format. The format chosen is the one most values read in — a majority over
 * every row, so one ISO date in a file of US dates does not decide for the
 * rest. On a tie (every value ambiguous, like 03/04/1980) the earlier format
 * of IMPORT_DATE_FORMATS wins: month first, as US practice systems export.
 */
export class DateTally {
  private values = 0;
  private readonly readable = Object.fromEntries(IMPORT_DATE_FORMATS.map((f) => [f, 0])) as Record<ImportDateFormat, number>;

  add(text: string): void {
    const v = text.trim();
    if (v === '') return;
    this.values += 1;
    for (const f of IMPORT_DATE_FORMATS) if (readDate(v, f).ok) this.readable[f] += 1;
  }

  result(column: number): DateColumnTally {
    return { column, values: this.values, readable: { ...this.readable }, best: bestFormat(this.readable) };
  }
}

function bestFormat(readable: Record<ImportDateFormat, number>): ImportDateFormat {
  let best: ImportDateFormat = IMPORT_DATE_FORMATS[0];
  for (const f of IMPORT_DATE_FORMATS) if (readable[f] > readable[best]) best = f;
  return best;
}
