import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, join } from 'node:path';

/**
 * A clinic's update server: a plain static web server on 127.0.0.1 serving the
 * feed folder the publish step wrote. It can go down and come back on the same
 * port, and remembers which files were asked for.
 */
export interface FeedServer {
  url: string;
  requests: string[];
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startFeedServer(feedDir: string): Promise<FeedServer> {
  const requests: string[] = [];
  let server: Server | null = null;
  let port = 0;

  const listen = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const s = createServer((req, res) => {
        const name = basename(decodeURIComponent(new URL(req.url ?? '/', 'http://feed').pathname));
        requests.push(name);
        const file = join(feedDir, name);
        if (!existsSync(file)) {
          res.writeHead(404).end();
          return;
        }
        res.writeHead(200, { 'content-length': statSync(file).size, 'content-type': 'application/octet-stream' });
        createReadStream(file).pipe(res);
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as AddressInfo).port;
        server = s;
        resolve();
      });
    });

  await listen();
  return {
    url: `http://127.0.0.1:${port}/frontdesk/`,
    requests,
    start: listen,
    stop: () =>
      new Promise((resolve) => {
        const s = server;
        server = null;
        if (!s) return resolve();
        s.closeAllConnections();
        s.close(() => resolve());
      }),
  };
}
