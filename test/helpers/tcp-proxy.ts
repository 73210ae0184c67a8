import { createServer, connect, type Socket } from 'node:net';

/**
 * A TCP proxy in front of the hub, to play network faults for real: `down`
 * refuses new connections and drops open ones (an outage); `cut` drops the
 * open connections once (a link lost mid-transaction).
 */
export interface TcpProxy {
  port: number;
  /** Connections attempted through the proxy so far (refused ones included). */
  readonly attempts: number;
  setDown(down: boolean): void;
  cut(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  let down = false;
  let attempts = 0;
  const open = new Set<Socket>();
  const server = createServer((client) => {
    attempts++;
    if (down) {
      client.destroy();
      return;
    }
    const upstream = connect(targetPort, '127.0.0.1');
    open.add(client);
    open.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const cut = () => {
    for (const s of open) s.destroy();
    open.clear();
  };
  return {
    port: (server.address() as { port: number }).port,
    get attempts() {
      return attempts;
    },
    setDown(d) {
      down = d;
      if (d) cut();
    },
    cut,
    close: () =>
      new Promise((resolve) => {
        cut();
        server.close(() => resolve());
      }),
  };
}
