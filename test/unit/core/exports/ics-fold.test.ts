import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldLines } from '@main/core/exports/ics';

const octets = (s: string): number => Buffer.byteLength(s, 'utf8');
const unfold = (s: string): string => s.replace(/\r\n /g, '');

describe('iCalendar line folding', () => {
  it('leaves short ASCII lines alone', () => {
    const text = 'BEGIN:VEVENT\r\nSUMMARY:Appointment\r\nEND:VEVENT\r\n';
    expect(foldLines(text)).toBe(text);
  });

  it('folds every line to at most 75 octets, never inside a character, and unfolds to the original', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 200 }).map((s) => s.replace(/[\r\n]/g, '')), { maxLength: 5 }), (lines) => {
        const text = lines.map((l) => `DESCRIPTION:${l}`).join('\r\n');
        const folded = foldLines(text);
        for (const physical of folded.split('\r\n')) expect(octets(physical)).toBeLessThanOrEqual(75);
        // A character cut in two would come back as U+FFFD (unless the text had one to begin with).
        if (!text.includes('\uFFFD')) expect(folded).not.toContain('\uFFFD');
        expect(unfold(folded)).toBe(text);
      }),
    );
  });

  it('folds a long line with accents and an emoji between characters', () => {
    const line = `LOCATION:${'Clínica São João, Sala 3 — 🦷 '.repeat(6)}`;
    const folded = foldLines(line);
    expect(folded.split('\r\n').length).toBeGreaterThan(2);
    for (const physical of folded.split('\r\n')) expect(octets(physical)).toBeLessThanOrEqual(75);
    expect(unfold(folded)).toBe(line);
  });
});
