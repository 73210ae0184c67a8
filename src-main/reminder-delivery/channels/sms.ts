import type { SmsSettings } from '@shared/schemas/reminders';
import type { ChannelResult, OutgoingSms, SmsChannel } from './types';

/**
 * Text messages through the clinic's HTTP gateway, with Node's fetch:
 * - `twilio`: form post To/From/Body to {baseUrl}/2010-04-01/Accounts/{sid}/Messages.json, basic auth sid:token;
 * - `webhook`: JSON { to, from, body, reference } with a bearer token and an Idempotency-Key header.
 * Each request is bounded by `timeoutMs` and by the runner's stop signal.
 */
export function createSmsChannel(settings: SmsSettings, token: string | null, timeoutMs = 15_000): SmsChannel {
  return {
    async send(sms: OutgoingSms, stop: AbortSignal): Promise<ChannelResult> {
      const signal = AbortSignal.any([AbortSignal.timeout(timeoutMs), stop]);
      const request = settings.kind === 'twilio' ? twilioRequest(settings, token, sms) : webhookRequest(settings, token, sms);
      let res: Response;
      try {
        res = await fetch(request.url, { ...request.init, signal, redirect: 'error' });
        // Read the body so the connection is released; its content is not needed (nor logged).
        await res.arrayBuffer();
      } catch (e) {
        if (stop.aborted) return { ok: false, retryable: true, reason: 'Sending was interrupted; it will be tried again.' };
        if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError')) {
          return { ok: false, retryable: true, reason: `The SMS gateway did not answer within ${Math.round(timeoutMs / 1000)} s.` };
        }
        return { ok: false, retryable: true, reason: 'The SMS gateway could not be reached.' };
      }
      return classifyGatewayStatus(res.status);
    },
  };
}

function classifyGatewayStatus(status: number): ChannelResult {
  if (status >= 200 && status < 300) return { ok: true };
  if (status === 401 || status === 403) {
    return { ok: false, retryable: false, reason: `The SMS gateway refused the credentials (${status}). Check the account and token in Set-up › Clinic settings.` };
  }
  if (status === 408 || status === 425 || status === 429) return { ok: false, retryable: true, reason: `The SMS gateway asked to try again later (${status}).` };
  if (status >= 500) return { ok: false, retryable: true, reason: `The SMS gateway had a problem (${status}).` };
  return { ok: false, retryable: false, reason: `The SMS gateway refused the message (${status}); check the patient's mobile number.` };
}

function twilioRequest(s: Extract<SmsSettings, { kind: 'twilio' }>, token: string | null, sms: OutgoingSms) {
  const url = `${s.baseUrl.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(s.accountSid)}/Messages.json`;
  const auth = Buffer.from(`${s.accountSid}:${token ?? ''}`).toString('base64');
  return {
    url,
    init: {
      method: 'POST',
      headers: { authorization: `Basic ${auth}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ To: sms.to, From: s.from, Body: sms.body }).toString(),
    },
  };
}

function webhookRequest(s: Extract<SmsSettings, { kind: 'webhook' }>, token: string | null, sms: OutgoingSms) {
  return {
    url: s.url,
    init: {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': sms.reference,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ to: sms.to, from: s.from, body: sms.body, reference: sms.reference }),
    },
  };
}
