import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  getReminderDeliverySettings,
  getReminderSecrets,
  previewReminder,
  updateReminderDeliverySettings,
} from '@main/core/reminders/delivery-settings';
import { renderTemplate, smsSegments, templateIssues } from '@main/core/reminders/templates';
import { DEFAULT_REMINDER_TEMPLATES } from '@shared/schemas/reminders';
import { buildClinic, localInstant, type ClinicFixture } from '../../../helpers/clinic-fixture';
import { expectAppError } from '../../../helpers/expect-error';
import { openTempDb } from '../../../helpers/tempdb';

let t: ReturnType<typeof openTempDb>;
let f: ClinicFixture;
beforeEach(() => {
  t = openTempDb();
  f = buildClinic(t.db);
});
afterEach(() => t.cleanup());

const issues = (e: { details?: Record<string, unknown> }) => e.details?.issues as Array<{ path: string; message: string }>;

describe('the neutrality guard', () => {
  it.each([
    ['{type}', 'emailBody'],
    ['{reason}', 'emailSubject'],
    ['{provider}', 'smsBody'],
    ['{notes}', 'emailBody'],
    ['{ department }', 'smsBody'],
  ] as const)('refuses the placeholder %s at its field, and saves nothing', (placeholder, field) => {
    const before = getReminderDeliverySettings(t.db);
    const templates = { ...DEFAULT_REMINDER_TEMPLATES, [field]: `Your visit ${placeholder} on {date}` };
    const e = expectAppError(() => updateReminderDeliverySettings(f.ctx, { templates }), 'VALIDATION');
    expect(issues(e)).toEqual([{ path: `templates.${field}`, message: expect.stringContaining(placeholder.replace(/\s/g, '')) as string }]);
    expect(getReminderDeliverySettings(t.db)).toEqual(before);
  });

  it('refuses the clinic\'s own appointment type names and words that say what the visit is for', () => {
    const found = templateIssues(
      { emailSubject: 'Your cleaning on {date}', emailBody: 'Oncology department, {time}', smsBody: 'See you {date} for SURGERY' },
      ['Checkup', 'Cleaning', 'Surgery'],
    );
    expect(found.map((i) => i.path)).toEqual(['emailSubject', 'emailBody', 'emailBody', 'smsBody', 'smsBody']);
    expect(found[0]!.message).toBe('“Cleaning” is an appointment type: reminders must not say what the visit is for.');
    const e = expectAppError(() => previewReminder(f.ctx, { templates: { ...DEFAULT_REMINDER_TEMPLATES, smsBody: 'Checkup at {time}' } }), 'VALIDATION');
    expect(issues(e)[0]).toMatchObject({ path: 'templates.smsBody' });
  });

  it.each([
    ['Onc\u200bology Consult', 'a zero-width space'],
    ['0ncology Consult', 'a digit for a letter'],
    ['Onco-logy Consult', 'a hyphen'],
    ['Oncology Consult', 'the plain name'],
    ['ＯＮＣＯＬＯＧＹ ＣＯＮＳＵＬＴ', 'full-width letters'],
    ['Oncolog\u0301y Co\u00adnsult', 'a combining mark and a soft hyphen'],
    ['Оncology Consult', 'a Cyrillic O'],
    ['0nc0l0gy  c0n5ult', 'several digits and two spaces'],
  ])('refuses the type name written as %j (%s)', (written) => {
    const found = templateIssues({ ...DEFAULT_REMINDER_TEMPLATES, smsBody: `Your ${written} is on {date}.` }, ['Oncology Consult']);
    expect(found.map((i) => i.message)).toContain('“Oncology Consult” is an appointment type: reminders must not say what the visit is for.');
  });

  it.each(['oncologist', 'Oncological', 'our 0nc0l0gist', 'Surgeon', 'the psychiatrist', 'h1v clinic', 'root-canal', 'chemo\u200btherapy', 'counsellor', 'therapist'])(
    'refuses %j, a form of a word that says what the visit is for',
    (word) => {
      const found = templateIssues({ ...DEFAULT_REMINDER_TEMPLATES, emailBody: `Hello {firstName}, see the ${word} on {date}.` }, []);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ path: 'emailBody', message: expect.stringContaining('says what the visit is for') as string });
    },
  );

  it('does not read phone numbers, times or ordinary words as disguised ones', () => {
    const smsBody = 'Hi {firstName}, see you {date} at {time}, 2nd floor. Still questions? Call 571-555-0100 or {locationPhone}. Cl1nic-wide parking.';
    const found = templateIssues({ ...DEFAULT_REMINDER_TEMPLATES, smsBody }, ['Checkup']);
    expect(found).toEqual([]);
  });

  it('accepts the default templates and words that merely contain a type name', () => {
    expect(templateIssues(DEFAULT_REMINDER_TEMPLATES, ['Checkup', 'Cleaning', 'Surgery'])).toEqual([]);
    expect(templateIssues({ ...DEFAULT_REMINDER_TEMPLATES, smsBody: 'Checkups are {date}? No: see you {date}.' }, ['Checkup'])).toEqual([]);
    expect(templateIssues({ ...DEFAULT_REMINDER_TEMPLATES, smsBody: 'Broken {date' }, [])[0]?.message).toMatch(/brace/);
  });
});

describe('preview and rendering', () => {
  it('renders the exact texts for a sample patient at the chosen location', () => {
    f.ctx.clock.set(localInstant('2025-03-03', '08:00'));
    const p = previewReminder(f.ctx, { templates: DEFAULT_REMINDER_TEMPLATES, locationId: f.main.id });
    expect(p.emailSubject).toBe('Appointment reminder: Tuesday, March 4 at 9:30 AM');
    expect(p.smsBody).toBe('Hi Alex, a reminder of your appointment on Tuesday, March 4 at 9:30 AM at Main Street. To confirm or cancel, call 555-0100.');
    expect(p.emailBody).toContain('please call 555-0100.');
    expect(p.smsSegments).toBe(1);
    // A location without a phone number still gets a sentence that reads well.
    expect(previewReminder(f.ctx, { templates: DEFAULT_REMINDER_TEMPLATES, locationId: f.uptown.id }).smsBody).toContain('call the clinic.');
    expectAppError(() => previewReminder(f.ctx, { templates: DEFAULT_REMINDER_TEMPLATES, locationId: 'gone' }), 'NOT_FOUND');
  });

  it('keeps a subject on one line and counts SMS segments', () => {
    expect(renderTemplate('{firstName} {unknown}', { firstName: 'A', date: '', time: '', location: '', locationPhone: '' })).toBe('A {unknown}');
    expect(smsSegments('a'.repeat(160))).toBe(1);
    expect(smsSegments('a'.repeat(161))).toBe(2);
    expect(smsSegments('€'.repeat(80))).toBe(1);
    expect(smsSegments('ü'.repeat(70))).toBe(1);
    expect(smsSegments('ő'.repeat(71))).toBe(2);
  });
});

describe('delivery settings', () => {
  it('keeps secrets write-only: stored for the runner, reported as set / not set, never in the audit trail', () => {
    const out = updateReminderDeliverySettings(f.ctx, {
      email: { host: 'smtp.example.org', port: 587, tls: 'starttls', user: 'desk', from: 'reminders@clinic.example' },
      smtpPassword: 'hunter2',
    });
    expect(out.secrets).toEqual({ smtpPassword: true, smsToken: false });
    expect(JSON.stringify(out)).not.toContain('hunter2');
    expect(getReminderSecrets(t.db).smtpPassword).toBe('hunter2');
    const audit = t.db.prepare(`SELECT details FROM audit_log WHERE action = 'settings.reminders'`).pluck().get() as string;
    expect(audit).not.toContain('hunter2');
    expect(JSON.parse(audit)).toEqual({ keys: ['email', 'smtpPassword'] });
    // Absent keeps, null clears.
    expect(updateReminderDeliverySettings(f.ctx, { quietHours: null }).secrets.smtpPassword).toBe(true);
    expect(updateReminderDeliverySettings(f.ctx, { smtpPassword: null }).secrets.smtpPassword).toBe(false);
  });

  it('refuses bad settings with VALIDATION at the field', () => {
    const e = expectAppError(
      () => updateReminderDeliverySettings(f.ctx, { email: { host: 'smtp example', port: 70_000, tls: 'none', from: 'nobody' } }),
      'VALIDATION',
    );
    expect(issues(e).map((i) => i.path).sort()).toEqual(['email.from', 'email.host', 'email.port']);
    expectAppError(() => updateReminderDeliverySettings(f.ctx, { sms: { kind: 'webhook', url: 'ftp://x' } }), 'VALIDATION');
    expectAppError(() => updateReminderDeliverySettings(f.ctx, { typeCadences: [{ typeId: 'missing', offsetsMin: [60] }] }), 'NOT_FOUND');
    expectAppError(() => updateReminderDeliverySettings(f.ctx, { typeCadences: [{ typeId: f.types.checkup.id, offsetsMin: [60, 60] }] }), 'VALIDATION');
  });

  it('lists each active type with its own cadence', () => {
    const out = updateReminderDeliverySettings(f.ctx, { typeCadences: [{ typeId: f.types.surgery.id, offsetsMin: [60, 2880] }] });
    expect(out.clinicOffsetsMin).toEqual([1440, 60]);
    expect(out.typeCadences).toEqual([
      { typeId: f.types.checkup.id, typeName: 'Checkup', offsetsMin: null },
      { typeId: f.types.cleaning.id, typeName: 'Cleaning', offsetsMin: null },
      { typeId: f.types.surgery.id, typeName: 'Surgery', offsetsMin: [2880, 60] },
    ]);
  });
});
