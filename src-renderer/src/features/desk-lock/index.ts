export { DeskLockSettings, MyPinSection } from './DeskLockSettings';
export { LockButton } from './LockButton';
export { LockScreen } from './LockScreen';
export { useDeskOpen } from './use-desk-lock';
export { useMay } from './desk-lock-store';
