export { listStaff, createStaff, updateStaff, deactivateStaff, reactivateStaff, resetStaffSecret, insertStaff, reapplyStaffChange, type StaffVersion } from './accounts';
export { signInScreen, verifySignIn, changeOwnSecret, createFirstManager, actingAs } from './sign-in';
export { SIGN_IN_COST, type ScryptCost } from './verifier';
export { findStaff, hasStaff, type StaffRow } from './rows';
export { applyRemoteStaff, removeLocalStaff, type RemoteStaff } from './remote';
