/**
 * What a channel answers about one message. `reason` is written for the desk
 * and names the channel's problem only (status codes, never an address,
 * number or message text). `retryable` says whether trying again later can help.
 */
export type ChannelResult = { ok: true } | { ok: false; retryable: boolean; reason: string };

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  /** Stable per reminder, so a copy sent after an interrupted attempt carries the same Message-ID. */
  reference: string;
}

export interface OutgoingSms {
  to: string;
  body: string;
  /** Stable per reminder: sent as the webhook's idempotency key. */
  reference: string;
}

export interface EmailChannel {
  send(mail: OutgoingEmail, signal: AbortSignal): Promise<ChannelResult>;
  close(): void;
}

export interface SmsChannel {
  send(sms: OutgoingSms, signal: AbortSignal): Promise<ChannelResult>;
}
