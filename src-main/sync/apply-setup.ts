import type { BlockoutDto } from '../../src-shared/domain/clinic';
import type { ClinicEntity } from '../../src-shared/domain/events';
import type { OpenedTime } from '../../src-shared/domain/waitlist';
import type { PulledChange } from '../../src-shared/schemas/hub-changes';
import type { WriteDb } from '../core/db/open';
import { prepared } from '../core/db/prepared';
import { newId } from '../core/ids';
import { blockoutGivenBack } from '../core/clinic';

/**
 * Another desk's set-up change, as the hub logged it, written into this
 * desk's database (the puller calls it inside its transaction): locations,
 * rooms, providers, appointment types, weekly hours, special days and
 * blockouts, so every desk books against the same clinic. The payloads are
 * the set-up DTOs the services put in the outbox, already parsed by the
 * puller; a blockout arrives without its private reason (that stays on the
 * desk that wrote it), and an update keeps a reason this desk already has.
 *
 * Returns the entity that changed (for `clinic/changed`) and, for a blockout
 * removed or shortened, the provider's time it gave back, so the waitlist is
 * offered that time on this desk as on the desk that made the change.
 */
export type SetupChange = Exclude<PulledChange, { entity: 'appointment' | 'patient' | 'staff' | 'waitlist_entry' | 'appointment_series' }>;

export interface AppliedSetup {
  entity: ClinicEntity;
  released: OpenedTime[];
}

export function applyRemoteSetup(db: WriteDb, change: SetupChange, now: number): AppliedSetup {
  if (change.entity === 'blockout') return { entity: 'blockout', released: applyRemoteBlockout(db, change, now) };
  return { entity: applySetupRow(db, change, now), released: [] };
}

function applyRemoteBlockout(db: WriteDb, change: Extract<SetupChange, { entity: 'blockout' }>, now: number): OpenedTime[] {
  const b = change.record;
  const before = prepared<{ providerId: BlockoutDto['providerId']; startAt: number; endAt: number }>(
    db,
    `SELECT provider_id AS providerId, start_at AS startAt, end_at AS endAt FROM blockouts WHERE id = ?`,
  ).get(b.id);
  if (change.removed) prepared(db, `DELETE FROM blockouts WHERE id = ?`).run(b.id);
  else {
    prepared(
      db,
      `INSERT INTO blockouts (id, provider_id, room_id, start_at, end_at, reason, created_at) VALUES (?, ?, ?, ?, ?, '', ?)
       ON CONFLICT (id) DO UPDATE SET provider_id = excluded.provider_id, room_id = excluded.room_id,
         start_at = excluded.start_at, end_at = excluded.end_at`,
    ).run(b.id, b.providerId, b.roomId, b.startAt, b.endAt, now);
  }
  return before ? blockoutGivenBack(before, change.removed ? null : b) : [];
}

function applySetupRow(db: WriteDb, change: Exclude<SetupChange, { entity: 'blockout' }>, now: number): ClinicEntity {
  const removed = 'removed' in change && change.removed;
  switch (change.entity) {
    case 'location': {
      const l = change.record;
      prepared(
        db,
        `INSERT INTO locations (id, name, zone, address, phone, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, zone = excluded.zone, address = excluded.address, phone = excluded.phone`,
      ).run(l.id, l.name, l.zone, l.address, l.phone, now);
      return 'location';
    }
    case 'room': {
      const r = change.record;
      prepared(
        db,
        `INSERT INTO rooms (id, location_id, name, active) VALUES (?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET location_id = excluded.location_id, name = excluded.name, active = excluded.active`,
      ).run(r.id, r.locationId, r.name, r.active ? 1 : 0);
      return 'room';
    }
    case 'provider': {
      const p = change.record;
      prepared(
        db,
        `INSERT INTO providers (id, name, colour, zone, active, npi, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, colour = excluded.colour, zone = excluded.zone,
           active = excluded.active, npi = excluded.npi`,
      ).run(p.id, p.name, p.colour, p.zone, p.active ? 1 : 0, p.npi, now);
      return 'provider';
    }
    case 'appointment_type': {
      const t = change.record;
      prepared(
        db,
        `INSERT INTO appointment_types (id, name, duration_min, colour, needs_room, external_code, buffer_before_min, buffer_after_min, active)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, duration_min = excluded.duration_min, colour = excluded.colour,
           needs_room = excluded.needs_room, external_code = excluded.external_code, buffer_before_min = excluded.buffer_before_min,
           buffer_after_min = excluded.buffer_after_min, active = excluded.active`,
      ).run(t.id, t.name, t.durationMin, t.colour, t.needsRoom ? 1 : 0, t.externalCode, t.bufferBeforeMin, t.bufferAfterMin, t.active ? 1 : 0);
      prepared(db, `DELETE FROM appointment_type_providers WHERE type_id = ?`).run(t.id);
      prepared(db, `DELETE FROM appointment_type_rooms WHERE type_id = ?`).run(t.id);
      const addProvider = prepared(db, `INSERT INTO appointment_type_providers (type_id, provider_id) VALUES (?, ?)`);
      for (const p of t.providerIds) addProvider.run(t.id, p);
      const addRoom = prepared(db, `INSERT INTO appointment_type_rooms (type_id, room_id) VALUES (?, ?)`);
      for (const r of t.roomIds) addRoom.run(t.id, r);
      return 'appointment_type';
    }
    case 'opening_hours': {
      const h = change.record;
      if (removed) prepared(db, `DELETE FROM opening_hours WHERE id = ?`).run(h.id);
      else {
        prepared(
          db,
          `INSERT INTO opening_hours (id, provider_id, location_id, weekday, start_min, end_min, effective_from, effective_until)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET provider_id = excluded.provider_id, location_id = excluded.location_id, weekday = excluded.weekday,
             start_min = excluded.start_min, end_min = excluded.end_min, effective_from = excluded.effective_from,
             effective_until = excluded.effective_until`,
        ).run(h.id, h.providerId, h.locationId, h.weekday, h.startMin, h.endMin, h.effectiveFrom, h.effectiveUntil);
      }
      return 'opening_hours';
    }
    case 'hours_override': {
      const o = change.record;
      prepared(db, `DELETE FROM hours_overrides WHERE provider_id = ? AND location_id = ? AND date = ?`).run(o.providerId, o.locationId, o.date);
      if (!removed) {
        const insert = prepared(
          db,
          `INSERT INTO hours_overrides (id, provider_id, location_id, date, kind, start_min, end_min) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        );
        if (o.intervals.length === 0) insert.run(newId(), o.providerId, o.locationId, o.date, 'closed', null, null);
        for (const i of o.intervals) insert.run(newId(), o.providerId, o.locationId, o.date, 'special', i.startMin, i.endMin);
      }
      return 'hours_override';
    }
  }
}
