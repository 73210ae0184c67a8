/**
 * `scheme://host[:port]` of a URL. WHATWG URL reports origin "null" for custom
 * schemes such as app://, so the comparison is built from protocol and host.
 */
export function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.host ? `${u.protocol}//${u.host}` : null;
  } catch {
    return null;
  }
}

export interface FrameLike {
  url: string;
  parent: unknown;
}

/** Only the app's own top-level page may call main: no iframes, no navigated-away pages. */
export function isTrustedFrame(frame: FrameLike | null | undefined, trustedOrigins: readonly string[]): boolean {
  if (!frame || frame.parent) return false;
  const origin = originOf(frame.url);
  return origin !== null && trustedOrigins.includes(origin);
}
