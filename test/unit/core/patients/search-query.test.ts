import { describe, expect, it } from 'vitest';
import { parseSearchQuery } from '@main/core/patients/search-query';

const today = '2026-03-10';
const parse = (q: string, dateOrder: 'MDY' | 'DMY' = 'MDY') => parseSearchQuery(q, { today, dateOrder });

describe('parseSearchQuery', () => {
  it('splits names into folded words', () => {
    expect(parse("  O'Brien-Núñez,  MARÍA ")).toEqual({
      words: ['o', 'brien', 'nunez', 'maria'],
      phoneDigits: null,
      birthDate: null,
    });
  });

  it('joins phone parts into digits and drops a North American country code', () => {
    expect(parse('(212) 555-0147').phoneDigits).toBe('2125550147');
    expect(parse('+1 212.555.0147').phoneDigits).toBe('2125550147');
    expect(parse('0147').phoneDigits).toBe('0147');
    expect(parse('19840307').phoneDigits).toBe('19840307'); // no separators: a phone fragment
  });

  it.each([
    ['1984-03-07', 'MDY', '1984-03-07'],
    ['1984-3-7', 'MDY', '1984-03-07'],
    ['3/7/1984', 'MDY', '1984-03-07'],
    ['03/07/1984', 'DMY', '1984-07-03'],
    ['3-7-84', 'MDY', '1984-03-07'],
    ['3.7.26', 'MDY', '2026-03-07'],
    ['3.7.27', 'MDY', '1927-03-07'],
    ['2/29/2024', 'MDY', '2024-02-29'],
    ['Nov 9, 1980', 'MDY', '1980-11-09'],
    ['Nov 9, 1980', 'DMY', '1980-11-09'],
    ['9 Nov 1980', 'MDY', '1980-11-09'],
    ['9 November, 1980', 'DMY', '1980-11-09'],
    ['november 9th 1980', 'MDY', '1980-11-09'],
    ['Sept. 30, 1975', 'MDY', '1975-09-30'],
    ['09-Nov-1980', 'DMY', '1980-11-09'],
    ['11/9/1980', 'MDY', '1980-11-09'],
    ['9/11/1980', 'DMY', '1980-11-09'],
    ['1980-11-09', 'DMY', '1980-11-09'],
  ] as const)('reads %s (%s) as %s', (q, order, date) => {
    expect(parse(q, order).birthDate).toBe(date);
  });

  it('reads a date written with the month’s name beside names and phone digits', () => {
    expect(parse('Scott Nov 9, 1980')).toEqual({ words: ['scott'], phoneDigits: null, birthDate: '1980-11-09' });
    expect(parse('9 Nov 1980 kelly 0147')).toEqual({ words: ['kelly'], phoneDigits: '0147', birthDate: '1980-11-09' });
    // A month's name without a day and a year is a name: May Smith, June 5.
    expect(parse('May Smith').words).toEqual(['may', 'smith']);
    expect(parse('Feb 30, 1980').birthDate).toBeNull();
  });

  it('does not take impossible dates or phone numbers for dates', () => {
    expect(parse('2/29/2023').birthDate).toBeNull();
    expect(parse('13/7/1984').birthDate).toBeNull();
    expect(parse('212-555-0147').birthDate).toBeNull();
    expect(parse('555-0147').birthDate).toBeNull();
  });

  it('mixes names, dates and digits', () => {
    expect(parse('smith 3/7/1984 0147')).toEqual({ words: ['smith'], phoneDigits: '0147', birthDate: '1984-03-07' });
  });
});
