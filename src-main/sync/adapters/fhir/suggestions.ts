import type { EhrTargetDto } from '@shared/domain/ehr';
import type { HumanName } from './resources';
import { APPOINTMENT_REASON_SYSTEM } from './resources';

/**
 * Mapping suggestions (pure): a provider to the EHR Practitioner with the
 * same NPI, else the same name (titles and punctuation aside); a location or
 * room to the Location of the same name (a room preferably one that is part
 * of its location's mapped Location); a type to the HL7 appointment reason
 * its name suggests.
 */
export const NPI_SYSTEM = 'http://hl7.org/fhir/sid/us-npi';

export interface EhrPractitioner {
  reference: string;
  npi: string | null;
  names: string[];
}

export interface EhrLocation {
  reference: string;
  name: string;
  partOf: string | null;
}

const TITLES = new Set(['dr', 'doctor', 'md', 'do', 'dds', 'dmd', 'rn', 'np', 'pa', 'phd', 'mr', 'mrs', 'ms', 'miss', 'prof']);

/** Lower-case words without titles, accents or punctuation, sorted ("Dr. Ann-Marie O'Neil" → "ann marie oneil"). */
export function nameKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '' && !TITLES.has(w))
    .sort()
    .join(' ');
}

export function namesOf(names: HumanName[] | undefined): string[] {
  return (names ?? []).map((n) => n.text ?? [...(n.given ?? []), n.family ?? ''].join(' ')).filter((n) => n.trim() !== '');
}

const target = (reference: string, display: string, reason: string | null): EhrTargetDto => ({ reference, system: '', code: '', display, reason });

export function suggestPractitioner(provider: { name: string; npi: string | null }, practitioners: readonly EhrPractitioner[]): EhrTargetDto | null {
  if (provider.npi) {
    const byNpi = practitioners.find((p) => p.npi === provider.npi);
    if (byNpi) return target(byNpi.reference, byNpi.names[0] ?? byNpi.reference, 'Same NPI');
  }
  const key = nameKey(provider.name);
  const byName = practitioners.filter((p) => p.names.some((n) => nameKey(n) === key));
  return byName.length === 1 ? target(byName[0]!.reference, byName[0]!.names[0]!, 'Same name') : null;
}

export function suggestLocation(name: string, locations: readonly EhrLocation[], partOf: string | null = null): EhrTargetDto | null {
  const key = nameKey(name);
  const same = locations.filter((l) => nameKey(l.name) === key);
  const inside = partOf ? same.filter((l) => l.partOf === partOf) : [];
  const pick = inside.length === 1 ? inside[0] : same.length === 1 ? same[0] : undefined;
  if (!pick) return null;
  return target(pick.reference, pick.name, inside.length === 1 ? 'Same name, part of its location' : 'Same name');
}

const REASONS: ReadonlyArray<[RegExp, string, string]> = [
  [/check[\s-]?up|exam|physical|annual/i, 'CHECKUP', 'A routine check-up visit'],
  [/follow[\s-]?up|review|post[\s-]?op/i, 'FOLLOWUP', 'A follow up visit from a previous appointment'],
  [/emergenc|urgent/i, 'EMERGENCY', 'Emergency appointment'],
  [/walk[\s-]?in/i, 'WALKIN', 'A previously unscheduled walk-in visit'],
];

/** The HL7 v2-0276 appointment reason a type's name points to; ROUTINE otherwise. */
export function suggestTypeCoding(typeName: string): EhrTargetDto {
  const hit = REASONS.find(([re]) => re.test(typeName));
  const [, code, display] = hit ?? [null, 'ROUTINE', 'Routine appointment - default if not valued'];
  return { reference: '', system: APPOINTMENT_REASON_SYSTEM, code, display, reason: hit ? 'Suggested by the type’s name' : 'General visit code' };
}
