import type { HUB_TLS_MODES } from '@shared/schemas/sync';

export type Tls = (typeof HUB_TLS_MODES)[number];

/** How each connection security is offered: checking the certificate first, the others say what they give up. */
export const TLS_WORDS: Record<Tls, string> = {
  'verify-full': "Encrypted, and check the hub's certificate (recommended)",
  require: 'Encrypted, but the certificate is NOT checked (not recommended)',
  disable: 'Not encrypted: only for a hub on this computer',
};
