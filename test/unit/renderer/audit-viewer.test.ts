import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { invoke } from '@renderer/api';
import { AUDIT_PAGE_SIZE, auditRows, useAudit } from '@renderer/features/audit/audit-store';
import { verifyText } from '@renderer/features/audit/audit-words';
import { useAppStatus } from '@renderer/stores/app-status';
import type { AppStatus } from '@shared/domain/app';
import { connectRendererToMain, type RendererMain } from '../../helpers/renderer-main';
import { signInManager } from '../../helpers/staff';

let main: RendererMain;
const initial = useAudit.getState();
beforeEach(async () => {
  main = await connectRendererToMain();
  await signInManager(main.services);
  useAppStatus.setState({ status: { clinic: { zone: 'America/New_York' } } as AppStatus, clockOffsetMs: main.clock.now() - Date.now() });
  useAudit.setState(initial, true);
  await auditRows.setInput(null);
});
afterEach(async () => {
  await main.close();
});

describe('audit viewer', () => {
  it('asks for whole days in the clinic zone, the end day included', async () => {
    useAudit.getState().setDraft({ fromDate: '2025-11-03', toDate: '2025-11-03' });
    expect(useAudit.getState().apply()).toBe(true);
    // 3 November 2025 is the first day of standard time in New York: midnight is at 05:00 UTC.
    expect(useAudit.getState().applied).toEqual({ from: Date.parse('2025-11-03T05:00:00Z'), to: Date.parse('2025-11-04T05:00:00Z') });
    expect(auditRows.getState().input).toMatchObject({ filter: useAudit.getState().applied, limit: 50 });
    await vi.waitUntil(() => auditRows.getState().status !== 'loading');
    expect(auditRows.getState()).toMatchObject({ status: 'ready', error: null });
  });

  it("exports the applied filter's rows as one CSV file, read in slices", async () => {
    useAudit.getState().apply();
    const file = await useAudit.getState().exportCsv();
    expect(file?.fileName).toMatch(/^frontdesk-audit-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = await file!.blob.text();
    expect(text.split('\r\n')[0]).toContain('time_utc,staff,staff_id,device,action');
    expect(useAudit.getState().exporting).toMatchObject({ status: 'done', error: null });
    expect(main.calls.filter((c) => c === 'audit/export-csv').length).toBeGreaterThanOrEqual(1);
  });

  it('pages back through older entries and forward again', async () => {
    for (let i = 0; i < AUDIT_PAGE_SIZE + 5; i++) await invoke('patients/search', { query: 'archer', limit: 5 });
    useAudit.getState().setDraft({ action: 'patient.search' });
    useAudit.getState().apply();
    await vi.waitUntil(() => auditRows.getState().status === 'ready');
    const first = auditRows.getState().data!;
    expect(first.rows).toHaveLength(AUDIT_PAGE_SIZE);
    expect(first.nextBefore).not.toBeNull();

    useAudit.getState().older(first.nextBefore!);
    await vi.waitUntil(() => auditRows.getState().status === 'ready' && auditRows.getState().dataInput?.before === first.nextBefore);
    const second = auditRows.getState().data!;
    expect(second.rows.length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...second.rows.map((r) => r.seq))).toBeLessThan(Math.min(...first.rows.map((r) => r.seq)));
    expect(useAudit.getState().cursors).toHaveLength(2);

    useAudit.getState().newer();
    await vi.waitUntil(() => auditRows.getState().status === 'ready' && auditRows.getState().dataInput?.before === undefined);
    expect(auditRows.getState().data!.rows.map((r) => r.seq)).toEqual(first.rows.map((r) => r.seq));
  });

  it('shows a reversed range under the end date and reads nothing', () => {
    useAudit.getState().setDraft({ fromDate: '2025-11-05', toDate: '2025-11-03' });
    expect(useAudit.getState().apply()).toBe(false);
    expect(useAudit.getState().errors).toEqual({ toDate: 'The end must be after the start.' });
    expect(useAudit.getState().applied).toBeNull();
    expect(main.calls).not.toContain('audit/query');
  });

  it('says where the chain breaks in plain words', () => {
    const at = Date.parse('2025-11-24T14:30:00Z');
    const text = verifyText(
      { intact: false, checked: 1200, devices: 2, firstBroken: { seq: 41, device: 'desk-a', at, problem: 'edited' } },
      (t) => new Date(t).toISOString(),
    );
    expect(text).toBe(
      'The trail is broken (1,200 entries from 2 desks checked). The first broken link is entry 41 from desk “desk-a” at 2025-11-24T14:30:00.000Z: it was changed after it was written.',
    );
    expect(verifyText({ intact: true, checked: 1, devices: 1 }, String)).toBe('The trail is intact: 1 entry from 1 desk checked, every link holds.');
  });
});
