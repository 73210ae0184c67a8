import { z } from 'zod';
import { displayName, idOf, text } from './fields';

/**
 * The clinic hub connection, kept on each workstation. An empty URL means no
 * hub: a complete single-desk clinic on the embedded database. The default
 * security checks the hub's certificate (against the clinic's CA when one is
 * given); `require` encrypts without checking and is a labelled choice;
 * `disable` only reaches this computer (checked in main, with field errors).
 */
export const HUB_TLS_MODES = ['disable', 'require', 'verify-full'] as const;

export const hubConnectionInput = z.strictObject({
  url: text('hub address')
    .trim()
    .max(1000, 'The hub address is too long.')
    .refine((u) => u === '' || /^postgres(ql)?:\/\/[^\s]+$/.test(u), 'The hub address starts with postgres:// (for example postgres://frontdesk:password@hub.clinic.lan:5432/frontdesk).'),
  tls: z.enum(HUB_TLS_MODES, 'Choose how to secure the hub connection.').default('verify-full'),
  /** PEM certificate of the clinic's own certificate authority, for verify-full. */
  ca: text('certificate', { multiline: true }).trim().max(20_000, 'The certificate is too long.').nullable().default(null),
});
export type HubConnectionInput = z.input<typeof hubConnectionInput>;
export type HubConnection = z.output<typeof hubConnectionInput>;

const visitId = idOf<string>('visit');

export const resolveConflictInput = z.discriminatedUnion('action', [
  /** Move the visit to a free time (a slot from the suggestions) and send it again. */
  z.strictObject({
    action: z.literal('rebook'),
    appointmentId: visitId,
    providerId: idOf<string>('provider'),
    startAt: z.number().int(),
  }),
  /** Cancel the visit on this desk (the hub never had it, or keeps its own). */
  z.strictObject({ action: z.literal('cancel'), appointmentId: visitId, reason: text('reason').trim().max(500).default('Time taken at another desk') }),
  /** Version conflicts: take the hub's version of the visit and drop this desk's change. */
  z.strictObject({ action: z.literal('keep-hub'), appointmentId: visitId }),
]);
export type ResolveConflictInput = z.input<typeof resolveConflictInput>;

export const outboxRowInput = z.strictObject({ seq: z.number().int().positive() });

// ── Hub enrollment and administration (manager-only channels) ──────────────

/** An enrollment code a manager made for this desk (FDHUB1.…), pasted to join the hub. */
export const joinHubInput = z.strictObject({ code: text('enrollment code', { missing: 'Paste the enrollment code.' }).trim().min(1, 'Paste the enrollment code.').max(40_000, 'That enrollment code is too long.') });

/** The hub administrator's connection, given for one action and never stored. */
export const hubAdminInput = z.strictObject({ admin: hubConnectionInput });
export const enrollDeskInput = z.strictObject({
  admin: hubConnectionInput,
  name: displayName('desk name', 100),
  /** server or server:port as the desks reach the hub; empty: as in the administrator's address. */
  address: text('address').trim().max(300, 'The address is too long.').default(''),
});
export const revokeDeskInput = z.strictObject({ admin: hubConnectionInput, deskId: idOf<string>('desk') });
export const quarantineRowInput = z.strictObject({ id: z.number().int().positive() });
/** A staff or set-up change this desk undid because the hub did not take it. */
export const undoneRowInput = z.strictObject({ id: z.number().int().positive() });
