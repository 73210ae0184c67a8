import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { DeskCommand, DeskSetup, DeskState } from '../integration/workers/sync-desk';

/**
 * A front-desk workstation in its own OS process (test/integration/workers/sync-desk.ts),
 * driven over IPC: for sync scenarios where desks must really run side by side and can be
 * killed outright (kill -9).
 */
const worker = join(__dirname, '..', 'integration', 'workers', 'sync-desk.ts');

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type DeskRequest = DistributiveOmit<DeskCommand, 'id'>;

export class DeskProcess {
  private next = 1;
  private readonly waiting = new Map<number, (m: { result?: unknown; error?: string }) => void>();
  private readonly changeListeners = new Set<() => void>();
  readonly ready: Promise<void>;
  constructor(readonly child: ChildProcess) {
    this.ready = new Promise((resolve, reject) => {
      child.once('exit', (code, signal) => reject(new Error(`desk exited early (${code ?? signal})`)));
      child.on('message', (m: { ready?: boolean; changed?: boolean; id?: number; result?: unknown; error?: string }) => {
        if (m.ready) resolve();
        else if (m.changed) for (const listener of this.changeListeners) listener();
        else if (m.id !== undefined) this.waiting.get(m.id)?.(m);
      });
    });
  }
  /** Calls `listener` whenever the desk's sync status or schedule changed; returns the way to stop. */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }
  send<T>(c: DeskRequest): Promise<T> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, (m) => (m.error ? reject(new Error(m.error)) : resolve(m.result as T)));
      this.child.send({ ...c, id });
    });
  }
  state(): Promise<DeskState> {
    return this.send<DeskState>({ cmd: 'state' });
  }
  /** kill -9, resolved once the process is gone. */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const gone = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGKILL');
    await gone;
  }
}

export async function startDeskProcess(setup: DeskSetup): Promise<DeskProcess> {
  const child = fork(worker, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, DESK_SETUP: JSON.stringify(setup) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const d = new DeskProcess(child);
  await d.ready;
  return d;
}
