import { describe, expect, it } from 'vitest';
import type { DeskLockStatus } from '@shared/domain/desk-lock';
import { headline, isLockShortcut, type KeyChord } from '@renderer/features/desk-lock/lock-text';

const locked = (reason: DeskLockStatus['reason'], lockAfterMin = 5): DeskLockStatus => ({
  locked: true,
  reason,
  lockedAt: 0,
  lockAfterMin,
  now: 0,
});

describe('lock screen', () => {
  it('says why the desk locked', () => {
    expect(headline(locked('idle'))).toBe('Locked after 5 minutes without activity');
    expect(headline(locked('idle', 1))).toBe('Locked after 1 minute without activity');
    expect(headline(locked('manual'))).toBe('Locked');
    expect(headline(locked('start'))).toBe('Locked');
    expect(headline(locked('screen-lock'))).toBe('Locked with the workstation');
    expect(headline(locked('suspend'))).toBe('Locked while the workstation slept');
  });

  it('locks on Ctrl+L or ⌘L only', () => {
    const key = (init: Partial<KeyChord>): KeyChord => ({ ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, key: 'l', ...init });
    expect(isLockShortcut(key({ ctrlKey: true }))).toBe(true);
    expect(isLockShortcut(key({ metaKey: true, key: 'L' }))).toBe(true);
    expect(isLockShortcut(key({}))).toBe(false);
    expect(isLockShortcut(key({ ctrlKey: true, shiftKey: true }))).toBe(false);
    expect(isLockShortcut(key({ ctrlKey: true, key: 'k' }))).toBe(false);
  });
});
