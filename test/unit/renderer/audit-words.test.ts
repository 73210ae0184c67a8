import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actionText, whatText } from '@renderer/features/audit/audit-words';
import type { AuditRowDto } from '@shared/domain/audit';

const SRC_MAIN = join(__dirname, '../../../src-main');

/** Every action main writes to the audit trail by name (`action: 'family.verb'`). */
function recordedActions(): string[] {
  const found = new Set<string>();
  const files = readdirSync(SRC_MAIN, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  for (const f of files) {
    for (const m of readFileSync(join(SRC_MAIN, f), 'utf8').matchAll(/action: '([a-z_]+\.[a-z_.]+)'/g)) found.add(m[1]!);
  }
  return [...found].sort();
}

const row = (over: Partial<AuditRowDto>): AuditRowDto => ({ entityId: null, details: null, ...over }) as AuditRowDto;

describe('the audit trail in a manager’s words', () => {
  it('names every action main records in words, never its code', () => {
    const actions = recordedActions();
    expect(actions.length).toBeGreaterThan(30);
    expect(actions.filter((a) => actionText(a) === a)).toEqual([]);
  });

  it('says a list was viewed, not one of its records', () => {
    expect(whatText(row({ action: 'waitlist.view', entityType: 'waitlist_entry' }))).toBe('Waitlist');
    expect(whatText(row({ action: 'schedule.view', entityType: 'location', details: { view: 'waiting-room' } }))).toBe('Schedule (waiting room)');
  });
});
