import { DateTime } from 'luxon';
import { AppError } from '@shared/domain/errors';
import type { ReminderTemplateField, ReminderTemplates } from '@shared/schemas/reminders';
import { mentionsPhrase, revealingWords } from './neutral-wording';

/**
 * Neutral reminder texts. A reminder says who, when and
 * where, and how to confirm or cancel — never why. Templates may use only the
 * placeholders below; the guard refuses anything that would carry the visit's
 * type, reason, provider, specialty, department or notes, however it is
 * written (see neutral-wording.ts).
 */

const PLACEHOLDERS = ['firstName', 'date', 'time', 'location', 'locationPhone'] as const;
type Placeholder = (typeof PLACEHOLDERS)[number];
export type TemplateValues = Record<Placeholder, string>;

const PLACEHOLDER = /\{([^{}]*)\}/g;

export interface TemplateIssue {
  path: ReminderTemplateField;
  message: string;
}

/** Every problem of every field; empty when the templates are neutral. */
export function templateIssues(templates: ReminderTemplates, typeNames: readonly string[]): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  for (const path of Object.keys(templates) as ReminderTemplateField[]) {
    const text = templates[path];
    for (const m of text.matchAll(PLACEHOLDER)) {
      const name = m[1]!.trim();
      if (!(PLACEHOLDERS as readonly string[]).includes(name)) {
        issues.push({
          path,
          message: `{${name}} cannot be used: reminders may only say {firstName}, {date}, {time}, {location} and {locationPhone}, never what the visit is for.`,
        });
      }
    }
    if (/[{}]/.test(text.replace(PLACEHOLDER, ''))) {
      issues.push({ path, message: 'A brace is not closed: write placeholders like {date}.' });
    }
    const plain = text.replace(PLACEHOLDER, ' ');
    for (const name of typeNames) {
      if (mentionsPhrase(plain, name)) {
        issues.push({ path, message: `“${name}” is an appointment type: reminders must not say what the visit is for.` });
      }
    }
    for (const word of revealingWords(plain)) {
      issues.push({ path, message: `“${word}” (or a word like it) says what the visit is for; reminders must stay neutral (date, time, place).` });
    }
  }
  return issues;
}

/** Refuses non-neutral templates with VALIDATION, issues by field (shown at the field). */
export function assertNeutralTemplates(templates: ReminderTemplates, typeNames: readonly string[]): void {
  const issues = templateIssues(templates, typeNames);
  if (issues.length === 0) return;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more ${issues.length === 2 ? 'problem' : 'problems'})` : '';
  throw new AppError('VALIDATION', `${issues[0]!.message}${more}`, {
    issues: issues.map((i) => ({ path: `templates.${i.path}`, message: i.message })),
  });
}

/** Fills the placeholders; the templates are assumed to have passed the guard. */
export function renderTemplate(text: string, values: TemplateValues): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const key = name.trim() as Placeholder;
    return Object.hasOwn(values, key) ? values[key] : whole;
  });
}

/** The values of one visit, in its location's zone and US English wording. */
export function templateValues(v: {
  firstName: string;
  startAt: number;
  zone: string;
  locationName: string;
  locationPhone: string;
}): TemplateValues {
  const t = DateTime.fromMillis(v.startAt, { zone: v.zone }).setLocale('en-US');
  return {
    firstName: v.firstName.trim(),
    date: t.toFormat('cccc, LLLL d'),
    time: t.toFormat('h:mm a'),
    location: v.locationName,
    locationPhone: v.locationPhone.trim() === '' ? 'the clinic' : v.locationPhone.trim(),
  };
}

export interface RenderedReminder {
  emailSubject: string;
  emailBody: string;
  smsBody: string;
}

export function renderReminder(templates: ReminderTemplates, values: TemplateValues): RenderedReminder {
  return {
    // A subject is one line: a template's line break must not become a header break.
    emailSubject: renderTemplate(templates.emailSubject, values).replace(/\s*[\r\n]+\s*/g, ' '),
    emailBody: renderTemplate(templates.emailBody, values),
    smsBody: renderTemplate(templates.smsBody, values),
  };
}

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€';

/** SMS segments a text needs: GSM-7 (extended characters count twice) or UCS-2. */
export function smsSegments(text: string): number {
  let units = 0;
  let gsm = true;
  for (const ch of text) {
    if (GSM_BASIC.includes(ch)) units += 1;
    else if (GSM_EXTENDED.includes(ch)) units += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (!gsm) {
    const n = [...text].reduce((k, ch) => k + (ch.codePointAt(0)! > 0xffff ? 2 : 1), 0);
    return n <= 70 ? 1 : Math.ceil(n / 67);
  }
  return units <= 160 ? 1 : Math.ceil(units / 153);
}
