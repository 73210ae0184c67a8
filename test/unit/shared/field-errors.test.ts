import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, hasCode, type AppErrorShape } from '@shared/domain/errors';
import { fieldErrors, wholePath } from '@shared/domain/field-errors';
import type { PatientId } from '@shared/domain/ids';

const refusal = (code: AppErrorShape['code'], issues: Array<{ path: string; message: string }>): AppErrorShape =>
  new AppError(code, 'Refused.', { issues }).toShape();

describe('fieldErrors', () => {
  it('keys a refusal’s issues by their first path segment, the first message per field winning', () => {
    const e = refusal('VALIDATION', [
      { path: 'providerIds.1', message: 'That provider is gone.' },
      { path: 'providerIds.0', message: 'Second problem, same field.' },
      { path: 'durationMin', message: 'Too long.' },
    ]);
    expect(fieldErrors(e)).toEqual({ providerIds: 'That provider is gone.', durationMin: 'Too long.' });
  });

  it('keeps the whole path when asked, and leaves out what the form has no field for', () => {
    const e = refusal('VALIDATION', [
      { path: 'email.host', message: 'Enter the mail server.' },
      { path: 'uploadId', message: 'Not a form field.' },
    ]);
    expect(fieldErrors(e, wholePath)).toEqual({ 'email.host': 'Enter the mail server.', uploadId: 'Not a form field.' });
    expect(fieldErrors(e, (path) => (path.startsWith('email') ? 'email' : null))).toEqual({ email: 'Enter the mail server.' });
  });

  it('reads the field a FORBIDDEN refusal names (a wrong current passcode) and nothing from other codes', () => {
    expect(fieldErrors(refusal('FORBIDDEN', [{ path: 'current', message: 'Not right.' }]))).toEqual({ current: 'Not right.' });
    expect(fieldErrors(refusal('CONFLICT', [{ path: 'name', message: 'x' }]))).toEqual({});
    expect(fieldErrors({ code: 'VALIDATION', message: 'No details.' })).toEqual({});
  });

  it('reads a local zod check the same way as main’s refusal of the same input', () => {
    const schema = z.object({ fromDate: z.string().min(1, 'Choose a start date.'), team: z.array(z.string().min(1, 'Pick someone.')) });
    const local = schema.safeParse({ fromDate: '', team: ['a', ''] });
    expect(local.success).toBe(false);
    if (!local.success) expect(fieldErrors(local.error)).toEqual({ fromDate: 'Choose a start date.', team: 'Pick someone.' });
  });
});

describe('typed error details', () => {
  it('narrows by code so a duplicate warning’s candidates are typed', () => {
    const e: AppErrorShape = new AppError('DUPLICATE_PATIENT', 'Looks like someone already registered.', {
      candidates: [{ id: 'p1' as PatientId, givenName: 'A', familyName: 'B', dateOfBirth: '1980-01-01', reasons: ['name_and_birth_date'] }],
    }).toShape();
    expect(hasCode(e, 'DUPLICATE_PATIENT') && e.details?.candidates.map((c) => c.id)).toEqual(['p1']);
    expect(hasCode(e, 'VALIDATION')).toBe(false);
  });
});
