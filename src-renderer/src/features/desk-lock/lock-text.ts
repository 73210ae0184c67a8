import type { DeskLockStatus } from '@shared/domain/desk-lock';

/** The lock screen's headline: why the desk locked. */
export function headline(status: DeskLockStatus): string {
  switch (status.reason) {
    case 'idle':
      return `Locked after ${status.lockAfterMin} ${status.lockAfterMin === 1 ? 'minute' : 'minutes'} without activity`;
    case 'screen-lock':
      return 'Locked with the workstation';
    case 'suspend':
      return 'Locked while the workstation slept';
    default:
      return 'Locked';
  }
}

/** The parts of a key event the shortcut reads. */
export interface KeyChord {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/** Ctrl+L (⌘L on a Mac) locks the desk from anywhere, even while typing in a field. */
export function isLockShortcut(e: KeyChord): boolean {
  return (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'l';
}
