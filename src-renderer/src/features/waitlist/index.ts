/** The waitlist (ASAP list): its section, and the notice where time opened. */
export { WaitlistSection } from './WaitlistSection';
export { WaitlistOpeningNotice } from './WaitlistOpeningNotice';
