import { z } from 'zod';
import { providerId } from './clinic';
import { isSecureWebAddress, text } from './fields';

/**
 * A provider's own calendar (CalDAV): the calendar collection's address and
 * the account's user name and password. The password is write-only: `null`
 * keeps the one stored for this provider (the settings screen never sees it).
 */
export const providerCalendarInput = z.strictObject({
  providerId,
  url: text('calendar address')
    .trim()
    .min(1, 'Enter the calendar address.')
    .max(1000, 'The calendar address is too long.')
    // Plain http would send the password and visit times readable on the network: this computer only.
    .refine(isSecureWebAddress, 'The calendar address starts with https:// (for example https://calendar.example.com/dr-smith/work/).'),
  username: text('user name').trim().min(1, 'Enter the user name.').max(200, 'The user name is too long.'),
  password: text('password').min(1, 'Enter the password.').max(500, 'The password is too long.').nullable().default(null),
});
export type ProviderCalendarInput = z.input<typeof providerCalendarInput>;
export type ProviderCalendarSettings = z.output<typeof providerCalendarInput>;

export const providerCalendarIdInput = z.strictObject({ providerId });

/** Read the calendars' busy time now: one provider's, or (no provider) every connected calendar's. */
export const refreshCalendarsInput = z.strictObject({ providerId: providerId.optional() });
