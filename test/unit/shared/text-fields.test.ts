import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { contract, type ChannelName } from '@shared/contract';
import { text } from '@shared/schemas/fields';

/**
 * Every text field of every channel refuses control characters. The walk
 * goes through objects, arrays, unions and wrappers down to each field and
 * parses the field's whole schema (so trims, pipes and formats apply as in
 * a real call): text with a control character in it must never be accepted.
 */

type Def = { type: string; [k: string]: unknown };
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Upload chunks are file content, not a field: the importer checks each row's fields with the patient schema. */
const NOT_TEXT_FIELDS = new Set(['import/append.chunk']);

const CONTAINERS = new Set(['object', 'array', 'union', 'intersection', 'record', 'tuple']);
const WRAPPERS = ['optional', 'nullable', 'default', 'prefault', 'nonoptional', 'readonly', 'catch'];

/** The schema under wrappers and pipes, to tell a field from a container. */
function core(s: z.ZodType): z.ZodType {
  const d = defOf(s);
  if (WRAPPERS.includes(d.type)) return core(d.innerType as z.ZodType);
  if (d.type === 'pipe') return core(d.in as z.ZodType);
  if (d.type === 'lazy') return core((d.getter as () => z.ZodType)());
  return s;
}

function takesText(s: z.ZodType): boolean {
  const d = defOf(core(s));
  return d.type === 'string' || d.type === 'template_literal';
}

function fields(s: z.ZodType, path: string, out: Array<{ path: string; schema: z.ZodType }>): void {
  const c = core(s);
  const d = defOf(c);
  if (!CONTAINERS.has(d.type)) {
    if (takesText(s)) out.push({ path, schema: s });
    return;
  }
  if (d.type === 'object') for (const [k, v] of Object.entries(d.shape as Record<string, z.ZodType>)) fields(v, `${path}.${k}`, out);
  if (d.type === 'array') fields(d.element as z.ZodType, `${path}[]`, out);
  if (d.type === 'union') (d.options as z.ZodType[]).forEach((o, i) => fields(o, `${path}|${i}`, out));
  if (d.type === 'intersection') [d.left, d.right].forEach((o) => fields(o as z.ZodType, path, out));
  if (d.type === 'record') fields(d.valueType as z.ZodType, `${path}{}`, out);
  if (d.type === 'tuple') (d.items as z.ZodType[]).forEach((o, i) => fields(o, `${path}[${i}]`, out));
}

const SAMPLES = [
  'Ann\u0000Lee', // NUL
  'Ann\u0007', // BEL
  '\u001b[2JAnn', // ESC: a terminal escape
  'Ann\u007f', // DEL
  'Ann\u0085Lee', // C1 next line
  'Ann\u2028Lee', // line separator
  'Ann\u202eeeL', // right-to-left override
  'Ann\u2066Lee\u2069', // isolate
  'Ann\ud800Lee', // unpaired surrogate
];

const allFields = Object.entries(contract).flatMap(([name, def]) => {
  const out: Array<{ path: string; schema: z.ZodType }> = [];
  fields(def.input as z.ZodType, name as ChannelName, out);
  return out.filter((f) => !NOT_TEXT_FIELDS.has(f.path));
});

describe('text fields', () => {
  it('finds the text fields of the contract', () => {
    const paths = allFields.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['patients/create.givenName', 'patients/create.notes', 'sync/test-hub.url', 'appointments/cancel.reason']));
    expect(paths.length).toBeGreaterThan(60);
  });

  it.each(allFields.map((f) => [f.path, f.schema] as const))('%s refuses control characters', (_path, schema) => {
    for (const sample of SAMPLES) expect(schema.safeParse(sample).success, JSON.stringify(sample)).toBe(false);
  });

  it('keeps tabs and line breaks in texts with several lines, and nowhere else', () => {
    expect(text('note', { multiline: true }).safeParse('Line one\r\n\tLine two').success).toBe(true);
    expect(text('name').safeParse('Ann\nLee').success).toBe(false);
    expect(text('name').safeParse('Ann\tLee').success).toBe(false);
    expect(text('note', { multiline: true }).safeParse('Line one\u0000').success).toBe(false);
  });

  it('leaves a tab or line break at either end, as pasted from a spreadsheet, to the field’s trim', () => {
    expect(text('name').trim().safeParse('\tAnn Lee\r\n')).toEqual({ success: true, data: 'Ann Lee' });
  });

  it('accepts letters of every script, accents, emoji and the marks they are written with', () => {
    for (const s of ['Zoë Ångström', 'محمد', 'שָׁלוֹם', 'क्षत्रिय', '李小龍', 'Ann 👩🏽‍⚕️', 'O’Brien-Smith']) expect(text('name').safeParse(s).success, s).toBe(true);
  });

  it('says which field and what to do, without the value', () => {
    const r = text('given name').safeParse('Ann\u0000');
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toBe('The given name contains a hidden control character, often copied from another program. Type it again.');
  });
});
