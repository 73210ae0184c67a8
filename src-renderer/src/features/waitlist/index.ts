/** The waitlist (ASAP list): its section, the notice where time opened, and adding a patient to it. */
export { WaitlistSection } from './WaitlistSection';
export { WaitlistOpeningNotice } from './WaitlistOpeningNotice';
export { OpeningFitsList } from './OpeningFitsList';
export { openingWords } from './opening-words';
export { useWaitlistOpening, type ShownOpening } from './waitlist-store';
export { WaitlistDialogs } from './WaitlistDialogs';
