import type { WaitlistFitDto, WaitlistRowDto } from '@shared/domain/waitlist';
import { listWaitlistInput, openedTimeInput, type ListWaitlistInput, type OpenedTimeInput } from '@shared/schemas/waitlist';
import { recordAudit } from '../audit/audit';
import type { CoreContext } from '../context';
import type { ReadDb } from '../db/open';
import { prepared } from '../db/prepared';
import { parseInput } from '../validation';
import { earliestFits, matchOpening } from './matching';
import { toEntry, WAITLIST_COLUMNS, type WaitlistRow } from './rows';

/**
 * What the desk reads from the waitlist. Both reads show patients, so both
 * are audited as facts (which list, how many rows), never with what they showed.
 */

interface Named {
  patient_name: string;
  phone: string | null;
}

const NAMED = `SELECT ${WAITLIST_COLUMNS
  .split(',')
  .map((c) => `w.${c.trim()}`)
  .join(', ')}, p.given_name || ' ' || p.family_name AS patient_name, p.phone
  FROM waitlist_entries w JOIN patients p ON p.id = w.patient_id`;

/** The entries with their patient's name and phone, by id. */
function named(db: ReadDb, ids: readonly string[]): Map<string, WaitlistRow & Named> {
  if (ids.length === 0) return new Map();
  const rows = prepared<WaitlistRow & Named>(db, `${NAMED} WHERE w.id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids));
  return new Map(rows.map((r) => [r.id, r]));
}

/** The Waitlist view: entries (open by default, oldest first), each open one with the earliest time that fits it. */
export function listWaitlist(ctx: CoreContext, input: ListWaitlistInput): WaitlistRowDto[] {
  const v = parseInput(listWaitlistInput, input);
  const rows = prepared<WaitlistRow & Named>(
    ctx.db,
    `${NAMED} WHERE w.status = @status AND (@patient IS NULL OR w.patient_id = @patient)
      ORDER BY ${v.status === 'open' ? 'w.created_at, w.id' : 'w.updated_at DESC, w.id'} LIMIT 2000`,
  ).all({ status: v.status, patient: v.patientId ?? null });
  const earliest = v.status === 'open' ? earliestFits(ctx.db, ctx.clock, rows) : new Map();
  recordAudit(ctx.db, ctx.actor, ctx.clock.now(), {
    action: 'waitlist.view',
    entityType: v.patientId ? 'patient' : 'waitlist_entry',
    entityId: v.patientId ?? null,
    details: { status: v.status, rows: rows.length },
  });
  return rows.map((r) => ({ ...toEntry(r), patientName: r.patient_name, phone: r.phone, earliest: earliest.get(r.id) ?? null }));
}

/** The open entries that fit a time that opened, first come first served, each with the time it would be booked at. */
export function waitlistFits(ctx: CoreContext, input: OpenedTimeInput): WaitlistFitDto[] {
  const opening = parseInput(openedTimeInput, input);
  const fits = matchOpening(ctx.db, ctx.clock, opening);
  const names = named(ctx.db, fits.map((f) => f.row.id));
  recordAudit(ctx.db, ctx.actor, ctx.clock.now(), {
    action: 'waitlist.fits',
    entityType: 'provider',
    entityId: opening.providerId,
    details: { startAt: opening.startAt, endAt: opening.endAt, rows: fits.length },
  });
  return fits.flatMap((f) => {
    const n = names.get(f.row.id);
    return n ? [{ entry: { ...toEntry(n), patientName: n.patient_name, phone: n.phone, earliest: f.slot }, slot: f.slot }] : [];
  });
}
