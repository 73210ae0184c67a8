import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { WEB_HOST_SOCKET_PATH, WEB_HOST_TOKEN_PARAM, type WireMessage, type WireRequest } from '../../src-shared/ipc/wire';
import type { EventBus } from '../app/event-bus';
import type { HandlerTable } from '../ipc/handler-table';
import type { Logger } from '../platform/logger';
import { isLoopbackHost, upgradeRefusal } from './access';
import { serveRendererFile } from './http-static';

/**
 * The loopback web host: the built renderer over HTTP and
 * the app's handler table over one WebSocket per page, on 127.0.0.1 only,
 * behind a random token. For end-to-end tests and trying the UI in a browser;
 * never part of the packaged app, and it never imports electron.
 */
export interface WebHostOptions {
  table: HandlerTable;
  events: EventBus;
  rendererDir: string;
  logger: Logger;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Random unless given (tests). */
  token?: string;
  /** A page went away: forget what it had open (booking dialogs). */
  onCallerGone?(callerId: string): void;
}

export interface WebHost {
  /** Page URL including the token. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 1024 * 1024;

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  let port = 0;
  const http: Server = createServer((req, res) => {
    if (!isLoopbackHost(req.headers.host, port)) {
      res.writeHead(403).end();
      return;
    }
    serveRendererFile(req, res, { rendererDir: opts.rendererDir, socketOrigin: `ws://${req.headers.host}` });
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const sockets = new Set<WebSocket>();
  let nextCaller = 1;

  http.on('upgrade', (req, socket: Socket, head) => {
    const refusal = upgradeRefusal(req, port, token, WEB_HOST_SOCKET_PATH);
    if (refusal) {
      opts.logger.warn('web_host.upgrade_refused', { reason: refusal });
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws));
  });

  function accept(ws: WebSocket): void {
    const callerId = `web:${nextCaller++}`;
    sockets.add(ws);
    ws.on('message', (data: RawData) => void answer(ws, callerId, data));
    // A frame over the size limit (or any protocol error) ends this page's socket — ws closes it
    // with 1009 / 1002 — and must not end the host: an 'error' without a listener would throw.
    ws.on('error', (e: Error & { code?: string }) => opts.logger.warn('web_host.socket_error', { caller: callerId, code: e.code ?? e.name }));
    ws.on('close', () => {
      sockets.delete(ws);
      opts.onCallerGone?.(callerId);
    });
  }

  async function answer(ws: WebSocket, callerId: string, data: RawData): Promise<void> {
    const request = parseRequest(data);
    if (!request) {
      ws.close(1003, 'Malformed request');
      return;
    }
    const result = await opts.table.invoke(request.channel, request.input, { id: callerId });
    send(ws, { kind: 'result', id: request.id, result });
  }

  const unsubscribe = opts.events.subscribe(({ name, payload }) => {
    for (const ws of sockets) send(ws, { kind: 'event', name, payload });
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (http.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?${WEB_HOST_TOKEN_PARAM}=${token}`,
    port,
    token,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeAllConnections(); // keep-alive connections would hold close() open
      await closed;
    },
  };
}

function send(ws: WebSocket, message: WireMessage): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}

function parseRequest(data: RawData): WireRequest | null {
  try {
    const value: unknown = JSON.parse(data.toString());
    if (typeof value !== 'object' || value === null) return null;
    const { id, channel, input } = value as Record<string, unknown>;
    if (typeof id !== 'number' || typeof channel !== 'string') return null;
    return { id, channel, input };
  } catch {
    return null;
  }
}
