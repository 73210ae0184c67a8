import { describe, expect, it } from 'vitest';
import { createLogger, redact, stackFrames } from '@main/platform/logger';

describe('logger', () => {
  it('keeps ids and technical facts, redacts any other string', () => {
    expect(redact({ patientId: 'p-1', channel: 'patients/search', name: 'Jane Doe', phone: '555-0100', count: 3, ok: true })).toEqual({
      patientId: 'p-1',
      channel: 'patients/search',
      name: '[redacted]',
      phone: '[redacted]',
      count: 3,
      ok: true,
    });
  });

  it('writes one JSON line per entry at or above the minimum level', () => {
    const lines: string[] = [];
    const log = createLogger({ write: (l) => lines.push(l), minLevel: 'info', now: () => 0 });
    log.debug('hidden');
    log.info('booking.done', { appointmentId: 'a-1', note: 'allergic to penicillin' });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({
      t: '1970-01-01T00:00:00.000Z',
      level: 'info',
      event: 'booking.done',
      appointmentId: 'a-1',
      note: '[redacted]',
    });
  });

  it('keeps stack frames but drops the error message', () => {
    const frames = stackFrames(new Error('Jane Doe already exists'));
    expect(frames).toMatch(/^\s+at /);
    expect(frames).not.toContain('Jane');
  });
});
