import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Logs carry ids and facts, never patient data. The
 * logger enforces it: strings are written only under keys that name an id or
 * a known technical fact; any other string becomes "[redacted]". Numbers and
 * booleans pass.
 */
type LogValue = string | number | boolean | null | undefined;
export type LogFields = Record<string, LogValue>;
type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

const SAFE_STRING_KEYS = new Set([
  'channel',
  'code',
  'errorName',
  'stack',
  'phase',
  'stage',
  'state',
  'version',
  'caller',
  'origin',
  'reason',
  'url',
  'path',
]);

const isSafeStringKey = (key: string): boolean => SAFE_STRING_KEYS.has(key) || /(Id|Ids|Key)$/.test(key);

export function redact(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    out[key] = typeof value === 'string' && !isSafeStringKey(key) ? '[redacted]' : value;
  }
  return out;
}

/**
 * A stack without its first line: the message of an unknown error may quote
 * data (a name in a constraint message), the frames never do.
 */
export function stackFrames(e: unknown): string | undefined {
  if (!(e instanceof Error) || !e.stack) return undefined;
  return e.stack
    .split('\n')
    .filter((line) => line.trimStart().startsWith('at '))
    .slice(0, 12)
    .join('\n');
}

const LEVEL_ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LoggerOptions {
  /** Receives one JSON line per entry. */
  write(line: string): void;
  minLevel?: LogLevel;
  now?: () => number;
}

export function createLogger(opts: LoggerOptions): Logger {
  const min = LEVEL_ORDER[opts.minLevel ?? 'info'];
  const now = opts.now ?? Date.now;
  const log =
    (level: LogLevel) =>
    (event: string, fields: LogFields = {}): void => {
      if (LEVEL_ORDER[level] < min) return;
      opts.write(JSON.stringify({ t: new Date(now()).toISOString(), level, event, ...redact(fields) }));
    };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

const MAX_LOG_BYTES = 5 * 1024 * 1024;

/** Appends lines to a file, keeping one rotated predecessor (`.1`) so logs stay small. */
export function fileLogWriter(file: string): (line: string) => void {
  mkdirSync(dirname(file), { recursive: true });
  return (line) => {
    try {
      const size = statSync(file, { throwIfNoEntry: false })?.size ?? 0;
      if (size > MAX_LOG_BYTES) renameSync(file, `${file}.1`);
      appendFileSync(file, `${line}\n`);
    } catch {
      // A full disk must not take the front desk down with it.
    }
  };
}

export const consoleLogWriter = (line: string): void => {
  process.stderr.write(`${line}\n`);
};
