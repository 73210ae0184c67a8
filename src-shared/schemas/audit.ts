import { z } from 'zod';
import type { PatientId, StaffId } from '../domain/ids';
import { epochMs, idOf, text } from './fields';

/** Filters of the manager's audit viewer: all optional, combined with AND; newest rows first. */
export const auditFilter = z
  .object({
    patientId: idOf<PatientId>('patient').optional(),
    staffId: idOf<StaffId>('staff member').optional(),
    /** An action ('patient.read') or a family of them ('patient.'). */
    action: text('action').trim().min(1).max(64, 'That action is not known.').optional(),
    from: epochMs('start').optional(),
    to: epochMs('end').optional(),
  })
  .strict()
  .refine((f) => f.from === undefined || f.to === undefined || f.from < f.to, {
    message: 'The end must be after the start.',
    path: ['to'],
  });

const AUDIT_PAGE_MAX = 200;

export const auditQueryInput = z
  .object({
    filter: auditFilter,
    /** The `nextBefore` of the previous page. */
    before: z.number().int().positive().optional(),
    limit: z.number().int().min(1).max(AUDIT_PAGE_MAX).default(50),
  })
  .strict();

export const auditCsvInput = z
  .object({ filter: auditFilter, offset: z.number().int().min(0).default(0) })
  .strict();

export const patientAccessInput = z
  .object({
    patientId: idOf<PatientId>('patient'),
    before: z.number().int().positive().optional(),
    limit: z.number().int().min(1).max(AUDIT_PAGE_MAX).default(50),
  })
  .strict();

export type AuditFilter = z.infer<typeof auditFilter>;
