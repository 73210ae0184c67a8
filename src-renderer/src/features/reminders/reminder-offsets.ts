/** Reminder times before a visit, as a manager types and reads them. */

/** 1440 → "24 h", 90 → "90 min", 2880 → "2 d". */
export function formatOffset(min: number): string {
  if (min % 1440 === 0) return `${min / 1440} d`;
  if (min % 60 === 0) return `${min / 60} h`;
  return `${min} min`;
}

/** "24 h, 1 h, 30 min" → minutes, or the piece that is not understood. */
export function parseOffsets(text: string): { ok: true; minutes: number[] } | { ok: false; bad: string } {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const minutes: number[] = [];
  for (const part of parts) {
    const m = /^(\d+)\s*(d|days?|h|hours?|m|min|minutes?)$/i.exec(part);
    if (!m) return { ok: false, bad: part };
    const n = Number(m[1]);
    const unit = m[2]!.toLowerCase();
    minutes.push(unit.startsWith('d') ? n * 1440 : unit.startsWith('h') ? n * 60 : n);
  }
  return { ok: true, minutes };
}
