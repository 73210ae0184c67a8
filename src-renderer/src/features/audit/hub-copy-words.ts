import type { AuditHubCheckDto, AuditHubStatusDto } from '@shared/domain/audit';

/** Words for where this desk's audit trail stands at the clinic hub, and for a manager's check of the hub's copy. */

const count = (n: number, one: string, many: string): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** The Sync screen's line; null without a hub (nothing is sent anywhere). */
export function hubStatusText(s: AuditHubStatusDto, when: (t: number) => string): string | null {
  if (!s.hubConfigured) return null;
  const stored = s.storedUpTo === null ? 'Audit trail: nothing stored at the clinic hub yet.' : `Audit trail: stored at the clinic hub up to ${when(s.storedUpTo)}.`;
  const waiting = s.waiting === 0 ? '' : ` ${count(s.waiting, 'entry', 'entries')} waiting to be sent.`;
  return stored + waiting;
}

/** The check's findings, most serious first, as sentences for the manager. */
export function hubCheckText(r: AuditHubCheckDto, when: (t: number) => string): { ok: boolean; lines: string[] } {
  const lines: string[] = [];
  if (r.firstDifferent !== null) {
    lines.push(
      `From entry ${r.firstDifferent} on, this desk’s trail differs from the copy at the clinic hub: entries were changed here after they were sent. The hub’s copy is the one it received at the time.`,
    );
  }
  if (r.hubBroken !== null) {
    lines.push(`The hub’s own copy fails its check from entry ${r.hubBroken}: it was changed at the hub. Tell whoever administers the clinic hub.`);
  }
  if (r.deskBroken !== null) lines.push(`This desk’s own trail fails its check from entry ${r.deskBroken} (see “Verify the trail”).`);
  if (r.missingHere > 0) {
    lines.push(`The hub holds ${count(r.missingHere, 'entry', 'entries')} from this desk that the desk no longer has (a restored backup, or a replaced file). The hub keeps them.`);
  }
  const ok = lines.length === 0;
  if (ok) {
    lines.push(
      r.atHub === 0
        ? 'The clinic hub holds no entries from this desk yet.'
        : `The clinic hub’s copy matches this desk: ${count(r.compared, 'entry', 'entries')}${r.hubLatestAt === null ? '' : `, the latest from ${when(r.hubLatestAt)}`}.`,
    );
  }
  lines.push(r.waiting === 0 ? 'Nothing waits to be sent.' : `${count(r.waiting, 'entry waits', 'entries wait')} to be sent.`);
  return { ok, lines };
}
