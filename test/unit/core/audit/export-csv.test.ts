import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordAudit } from '@main/core/audit';
import { auditCsvChunk } from '@main/core/audit/export-csv';
import { buildClinic, type ClinicFixture } from '../../../helpers/clinic-fixture';
import { addTestStaff } from '../../../helpers/staff';
import { openTempDb } from '../../../helpers/tempdb';

let t: ReturnType<typeof openTempDb>;
let f: ClinicFixture;
beforeEach(() => {
  t = openTempDb();
  f = buildClinic(t.db);
});
afterEach(() => t.cleanup());

describe('audit CSV', () => {
  it('writes any cell that starts like a spreadsheet formula as text', () => {
    const { manager } = addTestStaff(f.ctx);
    t.db.prepare(`UPDATE staff SET name = ? WHERE id = ?`).run('=HYPERLINK("http://x.example/","Open")', manager);
    recordAudit(t.db, { user: manager, staffId: manager, device: '@desk' }, f.ctx.clock.now(), { action: 'test.row', entityType: 'test', entityId: '+1' });
    const chunk = auditCsvChunk(f.ctx, { filter: { staffId: manager }, offset: 0 });
    const rows = parse(chunk.text, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(rows[0]).toMatchObject({ staff: `'=HYPERLINK("http://x.example/","Open")`, device: "'@desk", entity_id: "'+1" });
  });
});
