import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import type { AppointmentId } from '@shared/domain/ids';
import { createBookingService } from '@main/core/booking';
import type { WriteDb } from '@main/core/db/open';
import { buildClinic, localInstant, type ClinicFixture } from '../../../helpers/clinic-fixture';

/**
 * A clinic open around the clock (fixture option) with visits on both DST
 * days of 2025 in New York, a cancelled one (26 h ahead: not late), a late
 * cancel (12 h ahead), a no-show and nobody at Uptown (Chicago).
 */
export function clinicWithVisits(db: WriteDb): ClinicFixture & { ids: Record<string, AppointmentId> } {
  const f = buildClinic(db, { openAllDay: true });
  const { ctx, main, providers, types, patients, rooms } = f;
  const svc = createBookingService(ctx);
  const book = (patientId: string, providerId: string, typeId: string, startAt: number, roomId?: string) =>
    svc.book({ patientId, providerId, locationId: main.id, typeId, startAt, ...(roomId ? { roomId } : {}) }).id;
  const ids: Record<string, AppointmentId> = {
    springBefore: book(patients.ann, providers.smith.id, types.checkup.id, localInstant('2025-03-09', '01:30')),
    springAfter: book(patients.bob, providers.smith.id, types.checkup.id, localInstant('2025-03-09', '03:30')),
    fallFirst: book(patients.ann, providers.jones.id, types.checkup.id, DateTime.fromISO('2025-11-02T01:30-04:00').toMillis()),
    fallSecond: book(patients.cyd, providers.jones.id, types.checkup.id, DateTime.fromISO('2025-11-02T01:30-05:00').toMillis()),
    cleaning: book(patients.cyd, providers.smith.id, types.cleaning.id, localInstant('2025-03-04', '10:00'), rooms.op1.id),
    lateCancel: book(patients.ann, providers.smith.id, types.checkup.id, localInstant('2025-03-03', '20:00')),
    noShow: book(patients.bob, providers.jones.id, types.checkup.id, localInstant('2025-03-04', '09:00')),
  };
  svc.cancel({ id: ids.cleaning!, reason: 'patient asked' });
  svc.cancel({ id: ids.lateCancel!, reason: 'patient asked' });
  svc.confirm({ id: ids.springAfter! });
  ctx.clock.set(localInstant('2025-03-04', '12:00'));
  svc.markNoShow({ id: ids.noShow! });
  return { ...f, ids };
}

/** Every appointment as the database holds it, with names, zone and local wall times computed by luxon (an independent oracle). */
export function dbAppointments(db: WriteDb) {
  const rows = db
    .prepare(
      `SELECT a.id, a.start_at AS startAt, a.end_at AS endAt, a.status, l.zone, l.name AS location, pr.name AS provider,
              t.name AS type, r.name AS room, p.given_name AS given, p.family_name AS family, p.phone
         FROM appointments a JOIN locations l ON l.id = a.location_id JOIN providers pr ON pr.id = a.provider_id
         JOIN appointment_types t ON t.id = a.type_id JOIN patients p ON p.id = a.patient_id LEFT JOIN rooms r ON r.id = a.room_id
        ORDER BY a.start_at`,
    )
    .all() as Array<{ id: string; startAt: number; endAt: number; status: string; zone: string; location: string; provider: string; type: string; room: string | null; given: string; family: string; phone: string | null }>;
  return rows.map((r) => {
    const s = DateTime.fromMillis(r.startAt, { zone: r.zone });
    const e = DateTime.fromMillis(r.endAt, { zone: r.zone });
    return { ...r, date: s.toISODate()!, start: s.toFormat('HH:mm'), end: e.toFormat('HH:mm') };
  });
}

export const readText = (file: string): string => readFileSync(file, 'utf8');
