/**
 * What can go wrong talking to the EHR, sorted by what the desk does about it:
 *
 * - `unreachable`: no answer at all (network, DNS, refused connection): the
 *   whole connection backs off; the visits lose nothing.
 * - `refused`: 401/403 — credentials or rights; the connection backs off and
 *   the Sync section says so.
 * - `transient`: 5xx, 408, 429 or a timeout: the visit is tried again with the
 *   queue's backoff and needs attention after 5 tries.
 * - `conflict`: 409/412 — the EHR changed the appointment meanwhile.
 * - `rejected`: another 4xx — the EHR refused the resource (validation or a
 *   business rule); a person decides.
 * - `gone`: 404/410 on a resource we had.
 *
 * `message` is for the desk: the EHR's OperationOutcome text where it gave
 * one, else ours. It is shown, never logged (it may echo what was sent).
 */
export type FhirFailureKind = 'unreachable' | 'refused' | 'transient' | 'conflict' | 'rejected' | 'gone';

export class FhirFailure extends Error {
  constructor(
    readonly kind: FhirFailureKind,
    message: string,
    readonly status: number | null = null,
    /** The EHR's own words (OperationOutcome), when it gave any. */
    readonly serverText: string | null = null,
  ) {
    super(message);
    this.name = 'FhirFailure';
  }
}

export function kindOfStatus(status: number): FhirFailureKind {
  if (status === 401 || status === 403) return 'refused';
  if (status === 409 || status === 412) return 'conflict';
  if (status === 404 || status === 410) return 'gone';
  if (status >= 500 || status === 408 || status === 429) return 'transient';
  return 'rejected';
}

export function defaultMessage(kind: FhirFailureKind, status: number | null): string {
  switch (kind) {
    case 'unreachable':
      return 'The EHR cannot be reached right now. Visits will be sent when it is back.';
    case 'refused':
      return 'The EHR refused this desk’s sign-in. Check the connection in Sync › EHR.';
    case 'transient':
      return `The EHR had a problem answering${status ? ` (error ${status})` : ' in time'}. It will be tried again.`;
    case 'conflict':
      return 'The appointment was changed in the EHR meanwhile.';
    case 'rejected':
      return `The EHR did not accept this visit${status ? ` (error ${status})` : ''}.`;
    case 'gone':
      return 'The EHR no longer has this appointment.';
  }
}

/** The text of an OperationOutcome's issues (details.text, else diagnostics), or null. */
export function outcomeText(body: unknown): string | null {
  if (!body || typeof body !== 'object' || (body as { resourceType?: unknown }).resourceType !== 'OperationOutcome') return null;
  const issues = (body as { issue?: unknown }).issue;
  if (!Array.isArray(issues)) return null;
  const texts = issues
    .map((i: unknown) => {
      const issue = i as { details?: { text?: unknown }; diagnostics?: unknown };
      const t = typeof issue.details?.text === 'string' ? issue.details.text : typeof issue.diagnostics === 'string' ? issue.diagnostics : '';
      return t.trim();
    })
    .filter((t) => t !== '');
  // The EHR's words are shown on the desk: bounded, in case a server answers with pages of them.
  return texts.length > 0 ? texts.join(' ').slice(0, 500) : null;
}
