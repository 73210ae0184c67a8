import { networkInterfaces } from 'node:os';

/**
 * Tells when the workstation's network changed (a cable plugged back in,
 * Wi-Fi rejoined, an address renewed), so sync can try the hub at once
 * rather than at its next probe. Electron's main process has no such event,
 * and the operating systems disagree on how to ask, so this compares the
 * machine's external addresses every few seconds: a cheap, local call.
 */
export interface NetworkWatch {
  stop(): void;
}

type ReadInterfaces = () => ReturnType<typeof networkInterfaces>;

/** The external addresses, in a stable order: two equal prints mean no change worth a probe. */
export function networkFingerprint(read: ReadInterfaces = networkInterfaces): string {
  const out: string[] = [];
  for (const [name, addrs] of Object.entries(read())) {
    for (const a of addrs ?? []) if (!a.internal) out.push(`${name}/${a.family}/${a.address}`);
  }
  return out.sort().join(',');
}

export function watchNetwork(onChange: () => void, opts: { intervalMs?: number; read?: ReadInterfaces } = {}): NetworkWatch {
  const read = opts.read ?? networkInterfaces;
  let last = networkFingerprint(read);
  const timer = setInterval(() => {
    const now = networkFingerprint(read);
    if (now === last) return;
    last = now;
    onChange();
  }, opts.intervalMs ?? 3_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
