import type { PatientId } from '@shared/domain/ids';
import type { ImportProblem } from '@shared/domain/import';
import type { ReadDb } from '../db/open';
import { MAX_HOUSEHOLD } from '../patients/family';
import { guardiansReach } from '../patients/guardian';
import type { PatientDraft, RowLinks } from './candidate';
import { guardianKey } from './guardian-cells';

/** An accepted row as the family links need it. */
export interface LinkedRow {
  line: number;
  draft: Pick<PatientDraft, 'name_key' | 'date_of_birth'>;
  links: RowLinks;
}

/** A responsible person: another row of the file (by index) or a registered patient. */
export type GuardianTarget = { row: number } | { patient: PatientId };

export interface FamilyLinks {
  /** Row index → its responsible person. */
  guardians: Map<number, GuardianTarget>;
  /** Row index → household group (rows of one group become one household). */
  households: Map<number, number>;
  /** Rows imported without the link they name, and why. */
  warnings: ImportProblem[];
}

const warning = (line: number, message: string): ImportProblem => ({ line, column: '', message, kind: 'warning' });

const NOT_LINKED = 'No responsible person linked:';

/**
 * Resolves the family links of the rows to import, after every row is read
 * (a child's row may come before its parent's). A responsible person is
 * matched on name and date of birth among the registered patients and the
 * rows themselves: exactly one match links; none or several leave the row
 * unlinked with a warning (a file cannot name a record reliably, and a wrong
 * guardian is worse than none). A row naming itself answers for itself. A
 * link that would close a circle of responsible persons (the record's own
 * rule) is left out in file order. Rows sharing a household number of two to
 * a household's size become one household.
 */
export function resolveFamilyLinks(db: ReadDb, rows: readonly LinkedRow[]): FamilyLinks {
  const out: FamilyLinks = { guardians: new Map(), households: new Map(), warnings: [] };
  resolveGuardians(db, rows, out);
  groupHouseholds(rows, out);
  out.warnings.sort((a, b) => a.line - b.line);
  return out;
}

function resolveGuardians(db: ReadDb, rows: readonly LinkedRow[], out: FamilyLinks): void {
  if (!rows.some((r) => r.links.guardian !== null)) return;
  const byKey = new Map<string, number[]>();
  rows.forEach((r, i) => {
    const k = guardianKey(r.draft.date_of_birth, r.draft.name_key);
    const list = byKey.get(k);
    if (list) list.push(i);
    else byKey.set(k, [i]);
  });
  const registered = db
    .prepare<[string, string], string>(
      `SELECT id FROM patients WHERE date_of_birth = ? AND name_key = ? AND merged_into IS NULL LIMIT 2`,
    )
    .pluck();
  const rowId = (i: number): string => `row:${i}`;
  // Only rows lead to rows: a registered patient's responsible person is never a row of this file.
  const guardianOf = (id: string): string | null => {
    if (!id.startsWith('row:')) return null;
    const t = out.guardians.get(Number(id.slice(4)));
    return t === undefined ? null : 'row' in t ? rowId(t.row) : t.patient;
  };

  rows.forEach((r, i) => {
    const g = r.links.guardian;
    if (g === null) return;
    if ('missing' in g) {
      const what = g.missing === 'name' ? 'name' : 'date of birth';
      out.warnings.push(warning(r.line, `${NOT_LINKED} their ${what} is missing, and both are needed to find their record.`));
      return;
    }
    if (g.key === guardianKey(r.draft.date_of_birth, r.draft.name_key)) return;
    const sep = g.key.indexOf('|');
    const patients = registered.all(g.key.slice(0, sep), g.key.slice(sep + 1)) as PatientId[];
    const inFile = byKey.get(g.key) ?? [];
    const matches = patients.length + inFile.length;
    if (matches === 0) {
      out.warnings.push(warning(r.line, `${NOT_LINKED} no registered patient or row of this file has their name and date of birth.`));
    } else if (matches > 1) {
      out.warnings.push(
        warning(r.line, `${NOT_LINKED} several patients have their name and date of birth. Choose the right one on the patient's panel.`),
      );
    } else if (inFile.length === 1 && guardiansReach(rowId(inFile[0]!), rowId(i), guardianOf)) {
      out.warnings.push(warning(r.line, `${NOT_LINKED} that person already depends on this patient, so they cannot also answer for them.`));
    } else {
      out.guardians.set(i, inFile.length === 1 ? { row: inFile[0]! } : { patient: patients[0]! });
    }
  });
}

function groupHouseholds(rows: readonly LinkedRow[], out: FamilyLinks): void {
  const groups = new Map<string, number[]>();
  rows.forEach((r, i) => {
    if (r.links.household === '') return;
    const list = groups.get(r.links.household);
    if (list) list.push(i);
    else groups.set(r.links.household, [i]);
  });
  let next = 0;
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    if (members.length > MAX_HOUSEHOLD) {
      for (const i of members) {
        out.warnings.push(
          warning(
            rows[i]!.line,
            `Not put in a household: ${members.length} rows share its household number, more than one household holds (${MAX_HOUSEHOLD}).`,
          ),
        );
      }
      continue;
    }
    for (const i of members) out.households.set(i, next);
    next += 1;
  }
}

/**
 * The rows' order for writing: each row after its responsible person when
 * that is a row too (the record refers to a registered patient, here and at
 * the clinic hub), file order otherwise.
 */
export function guardianFirstOrder(count: number, guardians: ReadonlyMap<number, GuardianTarget>): number[] {
  const order: number[] = [];
  const placed = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const chain: number[] = [];
    let at: number | undefined = i;
    while (at !== undefined && placed[at] === 0) {
      placed[at] = 1;
      chain.push(at);
      const t = guardians.get(at);
      at = t !== undefined && 'row' in t ? t.row : undefined;
    }
    for (let k = chain.length - 1; k >= 0; k--) order.push(chain[k]!);
  }
  return order;
}
