import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPatient, searchPatients } from '@main/core/patients';
import type { PatientSearchHit } from '@shared/domain/patients';
import { patientsTestContext, writeCounts } from './fixtures';

const PEOPLE = [
  ['Ann', 'Lee', '1984-03-07', '(212) 555-0147'],
  ['Annette', 'Smith', '1990-11-02', '(312) 555-0148'],
  ['Joanna', 'Brown', '1975-06-30', '(646) 555-2014'],
  ['John', 'Smith', '1984-03-07', '(773) 555-9911'],
  ['Johnny', 'Smithers', '2001-01-15', '(718) 555-3030'],
  ['Mary', 'Johnson', '1962-12-24', '(917) 555-4444'],
  ['José', 'Núñez', '1999-07-03', '(212) 555-7000'],
  ['Sean', "O'Brien", '1950-05-05', null],
  ['Blake', 'Goldsmith', '1988-08-08', '(630) 555-1212'],
  ['Zoë', 'Adams', '2010-02-28', '(212) 014-7555'],
] as const;

describe('patient search', () => {
  let ctx: ReturnType<typeof patientsTestContext>;
  const search = (query: string, limit = 25) => searchPatients(ctx, { query, limit });
  const names = (hits: PatientSearchHit[]) => hits.map((h) => `${h.givenName} ${h.familyName}:${h.match}`);

  beforeAll(() => {
    ctx = patientsTestContext();
    for (const [givenName, familyName, dateOfBirth, phone] of PEOPLE) {
      createPatient(ctx, { givenName, familyName, dateOfBirth, phone, confirmDuplicate: true });
    }
  });
  afterAll(() => ctx.cleanup());

  it('ranks whole-word matches first, then word prefixes, then matches inside a name', () => {
    expect(names(search('ann').hits)).toEqual(['Ann Lee:exact', 'Annette Smith:prefix', 'Joanna Brown:partial']);
  });

  it('orders by family then given name within a class', () => {
    expect(names(search('smith').hits)).toEqual([
      'Annette Smith:exact',
      'John Smith:exact',
      'Johnny Smithers:prefix',
      'Blake Goldsmith:partial',
    ]);
  });

  it('needs every word to match, in any order, and ranks by the weakest word', () => {
    expect(names(search('smith john').hits)).toEqual(['John Smith:exact', 'Johnny Smithers:prefix']);
    expect(names(search('jo smi').hits)).toEqual(['John Smith:prefix', 'Johnny Smithers:prefix']);
    expect(names(search('Smith, Annette').hits)).toEqual(['Annette Smith:exact']);
    expect(names(search('ohn mith').hits)).toEqual(['John Smith:partial', 'Johnny Smithers:partial']);
  });

  it('finds one- and two-letter prefixes while the receptionist is still typing', () => {
    expect(names(search('j').hits)).toEqual([
      'Joanna Brown:prefix',
      'Mary Johnson:prefix',
      'José Núñez:prefix',
      'John Smith:prefix',
      'Johnny Smithers:prefix',
    ]);
    expect(names(search('zo').hits)).toEqual(['Zoë Adams:prefix']);
  });

  it('ignores accents, case and apostrophes', () => {
    expect(names(search('NUNEZ jose').hits)).toEqual(['José Núñez:exact']);
    expect(names(search('núñ').hits)).toEqual(['José Núñez:prefix']);
    expect(names(search("o'brien").hits)).toEqual(["Sean O'Brien:exact"]);
    expect(names(search('obrien').hits)).toEqual([]); // the index sees "o" + "brien"; type the apostrophe or "brien"
    expect(names(search('zoe').hits)).toEqual(['Zoë Adams:exact']);
  });

  it('finds phone numbers by the whole number, its start or end, and 3–6 digits inside', () => {
    expect(names(search('(212) 555-0147').hits)).toEqual(['Ann Lee:exact']);
    expect(names(search('+1 212 555 0147').hits)).toEqual(['Ann Lee:exact']);
    // Last four digits: ends-with is a prefix-class match; "0147" inside Zoë's number is partial.
    expect(names(search('0147').hits)).toEqual(['Ann Lee:prefix', 'Zoë Adams:partial']);
    expect(names(search('5550147').hits)).toEqual(['Ann Lee:prefix']);
    expect(names(search('212').hits)).toEqual([
      'Zoë Adams:prefix',
      'Blake Goldsmith:prefix', // ends in 1212
      'Ann Lee:prefix',
      'José Núñez:prefix',
    ]);
    expect(names(search('555-2014').hits)).toEqual(['Joanna Brown:prefix']);
    expect(names(search('5520').hits)).toEqual(['Joanna Brown:partial']);
  });

  it('does not look for seven or more digits inside a number', () => {
    expect(names(search('1255501').hits)).toEqual([]);
  });

  it('combines name words and phone digits', () => {
    expect(names(search('smith 0148').hits)).toEqual(['Annette Smith:prefix']);
    expect(names(search('lee 2125550147').hits)).toEqual(['Ann Lee:exact']);
    expect(names(search('j 9911').hits)).toEqual(['John Smith:prefix']);
  });

  it('finds birth dates in ISO and the clinic order, alone or with a name', () => {
    const both = ['Ann Lee:exact', 'John Smith:exact'];
    expect(names(search('1984-03-07').hits)).toEqual(both);
    expect(names(search('3/7/1984').hits)).toEqual(both);
    expect(names(search('03-07-84').hits)).toEqual(both);
    expect(names(search('3.7.1984').hits)).toEqual(both);
    expect(names(search('smith 3/7/1984').hits)).toEqual(['John Smith:exact']);
    expect(names(search('sm 3/7/1984').hits)).toEqual(['John Smith:prefix']);
    expect(names(searchPatients(ctx, { query: '7/3/1984' }, { dateOrder: 'DMY' }).hits)).toEqual(both);
    expect(names(search('2/30/1984').hits)).toEqual([]); // not a date: read as phone digits, which match nobody
  });

  it('reads a two-digit year as the latest such year not in the future', () => {
    expect(names(search('2/28/10').hits)).toEqual(['Zoë Adams:exact']);
    expect(names(search('12/24/62').hits)).toEqual(['Mary Johnson:exact']);
  });

  it('limits the page and says when there is more', () => {
    const r = search('j', 2);
    expect(r.hits).toHaveLength(2);
    expect(r.hasMore).toBe(true);
    expect(search('j', 5).hasMore).toBe(false);
  });

  it('returns nothing for an empty or unmatched query, and rejects an oversized one', () => {
    expect(search('   ')).toEqual({ hits: [], hasMore: false });
    expect(search('qqq')).toEqual({ hits: [], hasMore: false });
    expect(() => search('x'.repeat(101))).toThrow(/too long/);
  });

  it('does not audit or write anything', () => {
    const before = writeCounts(ctx);
    search('smith');
    search('0147');
    expect(writeCounts(ctx)).toEqual(before);
  });

  it('treats FTS5 syntax characters as plain text', () => {
    for (const q of ['"smith', 'smith*', 'NEAR(a b)', 'a AND', '-john', '^ann', 'name:ann', '{}()']) {
      expect(() => search(q)).not.toThrow();
    }
    expect(names(search('smith*').hits)[0]).toBe('Annette Smith:exact');
  });
});
