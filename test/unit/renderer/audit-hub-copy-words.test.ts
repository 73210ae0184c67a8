import { describe, expect, it } from 'vitest';
import type { AuditHubCheckDto } from '@shared/domain/audit';
import { hubCheckText, hubStatusText } from '@renderer/features/audit/hub-copy-words';

const when = (t: number): string => `T${t}`;
const same: AuditHubCheckDto = { compared: 1200, atHub: 1200, hubLatestAt: 5, waiting: 0, firstDifferent: null, missingHere: 0, hubBroken: null, deskBroken: null };

describe('the audit trail at the hub, in words', () => {
  it('says how far the hub holds the trail and what waits; nothing without a hub', () => {
    expect(hubStatusText({ hubConfigured: true, storedUpTo: 5, confirmedAt: 6, waiting: 0, problem: null }, when)).toBe('Audit trail: stored at the clinic hub up to T5.');
    expect(hubStatusText({ hubConfigured: true, storedUpTo: null, confirmedAt: null, waiting: 1, problem: null }, when)).toBe(
      'Audit trail: nothing stored at the clinic hub yet. 1 entry waiting to be sent.',
    );
    expect(hubStatusText({ hubConfigured: true, storedUpTo: 5, confirmedAt: 6, waiting: 2500, problem: null }, when)).toBe(
      'Audit trail: stored at the clinic hub up to T5. 2,500 entries waiting to be sent.',
    );
    expect(hubStatusText({ hubConfigured: false, storedUpTo: null, confirmedAt: null, waiting: 3, problem: null }, when)).toBeNull();
  });

  it('reports a matching copy, and each kind of difference, most serious first', () => {
    expect(hubCheckText(same, when)).toEqual({ ok: true, lines: ['The clinic hub’s copy matches this desk: 1,200 entries, the latest from T5.', 'Nothing waits to be sent.'] });
    expect(hubCheckText({ ...same, atHub: 0, compared: 0, hubLatestAt: null, waiting: 3 }, when)).toEqual({
      ok: true,
      lines: ['The clinic hub holds no entries from this desk yet.', '3 entries wait to be sent.'],
    });
    const bad = hubCheckText({ ...same, firstDifferent: 40, hubBroken: 7, deskBroken: 40, missingHere: 1, waiting: 1 }, when);
    expect(bad.ok).toBe(false);
    expect(bad.lines).toEqual([
      'From entry 40 on, this desk’s trail differs from the copy at the clinic hub: entries were changed here after they were sent. The hub’s copy is the one it received at the time.',
      'The hub’s own copy fails its check from entry 7: it was changed at the hub. Tell whoever administers the clinic hub.',
      'This desk’s own trail fails its check from entry 40 (see “Verify the trail”).',
      'The hub holds 1 entry from this desk that the desk no longer has (a restored backup, or a replaced file). The hub keeps them.',
      '1 entry waits to be sent.',
    ]);
  });
});
