import { expect } from 'vitest';
import { AppError, type ErrorCode } from '../../src-shared/domain/errors';

/** Runs fn, asserts it throws an AppError with `code`, and returns the error. */
export function expectAppError(fn: () => unknown, code: ErrorCode): AppError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected ${code}`).toBeInstanceOf(AppError);
  const e = caught as AppError;
  expect(e.code, e.message).toBe(code);
  expect(e.message.length).toBeGreaterThan(10);
  return e;
}

/** Awaits p, asserts it rejects with an AppError with `code` whose message matches. */
export async function expectAppErrorAsync(p: Promise<unknown>, code: ErrorCode, message?: RegExp): Promise<AppError> {
  let caught: unknown;
  try {
    await p;
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected ${code}`).toBeInstanceOf(AppError);
  const e = caught as AppError;
  expect(e.code, e.message).toBe(code);
  if (message) expect(e.message).toMatch(message);
  return e;
}

/** The AppError a call throws (or rejects with), as its shape; fails when it succeeds. */
export async function refusalOf(call: () => unknown): Promise<{ code: string; message: string; details?: Record<string, unknown> }> {
  try {
    await call();
  } catch (e) {
    if (e instanceof AppError) return e.toShape();
    throw e;
  }
  throw new Error('expected a refusal');
}
