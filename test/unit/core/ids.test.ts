import { describe, expect, it } from 'vitest';
import { newId } from '@main/core/ids';

describe('newId', () => {
  it('makes distinct, time-ordered UUIDv7s, also many within one millisecond', () => {
    const ids = Array.from({ length: 5_000 }, () => newId<string>());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });
});
