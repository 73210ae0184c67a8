export { listStaff, staffDto, createStaff, updateStaff, deactivateStaff, reactivateStaff, resetStaffSecret, insertStaff } from './accounts';
export { signInScreen, verifySignIn, changeOwnSecret, createFirstManager, actingAs, DESK_PASSCODE_SETTING } from './sign-in';
export { SIGN_IN_COST, makeVerifier, verifierMatches, type ScryptCost } from './verifier';
export { DEMO_PINS_SETTING } from './demo-pins';
export { findStaff, type StaffRow } from './rows';
