import type { ClientBase } from 'pg';
import type { AuditHubCheckDto } from '../../src-shared/domain/audit';
import { verifyAuditChain } from '../core/audit';
import type { ReadDb } from '../core/db/open';
import { prepared } from '../core/db/prepared';
import { auditShippedThrough, type HubIdentity } from './audit-shipping-state';

/**
 * A manager's check that the clinic hub's copy of this desk's audit trail is
 * the desk's own: the desk's chains verified here; the hub's read a page at a
 * time (`frontdesk_api.audit_hashes`), each row's content checked against its
 * hash by the hub and its link checked here; and every hash the hub holds
 * compared with the desk's row of the same number. Rows are chained, so equal
 * hashes mean equal rows and equal history.
 */
const PAGE = 5_000;

interface HubChain {
  device: string;
  rows: string;
  lastAt: string;
}

interface HubRow {
  seq: string;
  hash: string;
  prevHash: string | null;
  sealed: boolean;
}

const min = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : Math.min(a, b));

export async function compareAuditWithHub(db: ReadDb, client: Pick<ClientBase, 'query'>, who: HubIdentity): Promise<AuditHubCheckDto> {
  const desk = verifyAuditChain(db);
  const { rows: chains } = await client.query<HubChain>('SELECT * FROM frontdesk_api.audit_check()');
  const out: AuditHubCheckDto = {
    compared: 0,
    atHub: 0,
    hubLatestAt: null,
    waiting: 0,
    firstDifferent: null,
    missingHere: 0,
    hubBroken: null,
    deskBroken: desk.intact ? null : desk.firstBroken.seq,
  };
  const localPage = prepared<{ seq: number; hash: string | null }>(db, `SELECT seq, hash FROM audit_log WHERE device = ? AND seq >= ? AND seq <= ? ORDER BY seq`);
  for (const chain of chains) {
    out.atHub += Number(chain.rows);
    out.hubLatestAt = Math.max(out.hubLatestAt ?? 0, Number(chain.lastAt));
    let after = 0;
    /** The hub's previous row's hash: each row must link to it (the first to nothing). */
    let linkTo: string | null = null;
    let hubBroken = false;
    for (;;) {
      const { rows: page } = await client.query<HubRow>('SELECT * FROM frontdesk_api.audit_hashes($1, $2, $3)', [chain.device, after, PAGE]);
      if (page.length === 0) break;
      const from = Number(page[0]!.seq);
      const to = Number(page.at(-1)!.seq);
      const here = new Map(localPage.all(chain.device, from, to).map((r) => [r.seq, r.hash]));
      for (const h of page) {
        const seq = Number(h.seq);
        if (!hubBroken && (!h.sealed || h.prevHash !== linkTo)) {
          hubBroken = true;
          out.hubBroken = min(out.hubBroken, seq);
        }
        linkTo = h.hash;
        const mine = here.get(seq);
        if (mine === undefined) out.missingHere++;
        else if (mine !== h.hash) out.firstDifferent = min(out.firstDifferent, seq);
        else out.compared++;
      }
      after = to;
      if (page.length < PAGE) break;
    }
  }
  out.waiting = prepared<number>(db, `SELECT COUNT(*) FROM audit_log WHERE seq > ?`).pluck().get(auditShippedThrough(db, who)) ?? 0;
  return out;
}
