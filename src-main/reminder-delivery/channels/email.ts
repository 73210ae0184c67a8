import nodemailer from 'nodemailer';
import type { EmailSettings } from '@shared/schemas/reminders';
import type { ChannelResult, EmailChannel, OutgoingEmail } from './types';

/**
 * E-mail through the clinic's SMTP server (nodemailer). One connection per
 * message: reminders trickle out a few a minute, and a pooled connection
 * would outlive a settings change.
 */
export function createEmailChannel(settings: EmailSettings, password: string | null, timeoutMs = 30_000): EmailChannel {
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.tls === 'tls',
    requireTLS: settings.tls === 'starttls',
    ignoreTLS: settings.tls === 'none',
    ...(settings.user !== '' ? { auth: { user: settings.user, pass: password ?? '' } } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const domain = settings.from.split('@')[1] ?? 'frontdesk.invalid';
  return {
    async send(mail: OutgoingEmail, signal: AbortSignal): Promise<ChannelResult> {
      if (signal.aborted) return { ok: false, retryable: true, reason: 'Sending was interrupted; it will be tried again.' };
      try {
        await raceAbort(
          transport.sendMail({
            from: settings.from,
            to: mail.to,
            subject: mail.subject,
            text: mail.text,
            messageId: `<${mail.reference}@${domain}>`,
          }),
          signal,
        );
        return { ok: true };
      } catch (e) {
        return classifySmtpError(e);
      }
    },
    close: () => transport.close(),
  };
}

function raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(Object.assign(new Error('aborted'), { code: 'EABORTED' }));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Turns nodemailer's error into words for the desk, from codes only (server texts may quote the address). */
function classifySmtpError(e: unknown): ChannelResult {
  const err = e as { code?: unknown; responseCode?: unknown };
  const code = typeof err.code === 'string' ? err.code : '';
  const status = typeof err.responseCode === 'number' ? err.responseCode : null;
  if (code === 'EABORTED') return { ok: false, retryable: true, reason: 'Sending was interrupted; it will be tried again.' };
  if (code === 'EAUTH') {
    return { ok: false, retryable: false, reason: 'The mail server refused the sign-in. Check the user name and password in Set-up › Clinic settings.' };
  }
  if (status !== null && status >= 500) {
    return code === 'EENVELOPE'
      ? { ok: false, retryable: false, reason: `The mail server refused the patient's e-mail address (${status}).` }
      : { ok: false, retryable: false, reason: `The mail server refused the message (${status}).` };
  }
  if (status !== null && status >= 400) return { ok: false, retryable: true, reason: `The mail server asked to try again later (${status}).` };
  if (code === 'ETLS') return { ok: false, retryable: true, reason: 'A secure connection to the mail server could not be made. Check the security setting.' };
  if (code === 'ETIMEDOUT') return { ok: false, retryable: true, reason: 'The mail server did not answer in time.' };
  return { ok: false, retryable: true, reason: 'The mail server could not be reached.' };
}
