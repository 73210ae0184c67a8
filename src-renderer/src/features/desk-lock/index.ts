export { DeskLockSettings } from './DeskLockSettings';
export { LockButton } from './LockButton';
export { LockScreen } from './LockScreen';
export { useDeskOpen } from './use-desk-lock';
