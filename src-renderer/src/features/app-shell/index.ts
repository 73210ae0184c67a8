/** The window's frame: top bar, sections, side slot. */
export { AppShell } from './AppShell';
