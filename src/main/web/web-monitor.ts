/**
 * The web monitor: the renderer and the API over HTTP and WebSocket, behind Basic auth, for
 * machines without a display (`semantik serve`) and for the tray's "open web monitor".
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { SemantikError } from '../../shared/errors';
import type { Engine } from '../engine/engine-types';
import { childLogger } from '../../node/logger';
import { BASIC_CHALLENGE, checkBasicAuth, SessionStore } from './auth';
import { serveApiSocket } from './api-socket';
import { handleHttpApi, isApiPath, sendError } from './http-api/http-api';
import { allowedAuthorities, checkOrigin, formatHost } from './origin';
import { sendText, serveStatic } from './static-files';

const log = childLogger('web-monitor');

/** The largest API message accepted from a browser; every call's input is far smaller. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
/** Dead sockets (a laptop put to sleep) are found and closed at this interval. */
export const SOCKET_PING_MS = 30_000;

/** Options of `startWebMonitor`. */
export interface WebMonitorOptions {
  engine: Engine;
  /** Interface to listen on; a non-loopback one needs explicit credentials (see credentials.ts). */
  host: string;
  /** 0 picks a free port. */
  port: number;
  credentials: { user: string; password: string };
  /** Refuses every call that changes state (`WRITE_CALLS`). */
  readOnly: boolean;
  /** The built renderer (`out/renderer`). */
  staticDir: string;
}

/** A listening web monitor. */
export interface WebMonitor {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts the monitor and resolves once it listens. */
export async function startWebMonitor(options: WebMonitorOptions): Promise<WebMonitor> {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const handlers = options.engine.handlers;
  const dispatch = { mode: 'web', readOnly: options.readOnly, includeStack: false } as const;
  // Known once listening (the port may be 0 until then); no request arrives before that.
  let sessions = new SessionStore('semantik_session');
  let allowed: Set<string> | null = null;

  const server = createServer((request, response) => {
    handleRequest(request, response, options, sessions, () => allowed).catch((error: unknown) => {
      log.error({ err: error, url: request.url }, 'request failed');
      if (!response.headersSent) sendText(response, 500, 'Internal error');
      else response.destroy();
    });
  });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal = refuseUpgrade(request, options, sessions, allowed);
    if (refusal !== null) {
      log.warn({ origin: request.headers.origin, reason: refusal.reason }, 'WebSocket refused');
      socket.end(`HTTP/1.1 ${refusal.status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws: WebSocket) => {
      markAlive(ws);
      serveApiSocket(ws, options.engine, handlers, dispatch);
    });
  });
  const pinger = setInterval(() => pingAll(wss), SOCKET_PING_MS);
  pinger.unref();

  const port = await listen(server, options.host, options.port);
  sessions = new SessionStore(`semantik_session_${port}`);
  allowed = allowedAuthorities(options.host, port);
  const url = `http://${formatHost(options.host)}:${port}/`;
  log.info({ url, readOnly: options.readOnly }, 'web monitor listening');

  return {
    url,
    port,
    close: async () => {
      clearInterval(pinger);
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

async function handleRequest(
  request: IncomingMessage,
  response: ServerResponse,
  options: WebMonitorOptions,
  sessions: SessionStore,
  allowed: () => Set<string> | null,
): Promise<void> {
  const method = request.method ?? 'GET';
  const url = new URL(request.url ?? '/', 'http://monitor.invalid');
  const path = url.pathname;
  if (path === '/healthcheck' && (method === 'GET' || method === 'HEAD')) {
    // Unauthenticated by design (load balancers, `semantik doctor`): it reveals nothing but "up".
    sendText(response, 200, 'ok');
    return;
  }
  if (!checkBasicAuth(request.headers.authorization, options.credentials)) {
    if (isApiPath(path)) sendError(response, 401, 'UNAUTHORIZED', 'Authentication required', { 'WWW-Authenticate': BASIC_CHALLENGE });
    else sendText(response, 401, 'Authentication required', { 'WWW-Authenticate': BASIC_CHALLENGE });
    return;
  }
  if (isApiPath(path)) {
    await handleHttpApi(request, response, url, { handlers: options.engine.handlers, readOnly: options.readOnly, allowed });
    return;
  }
  if (method !== 'GET' && method !== 'HEAD') {
    sendText(response, 405, 'Method not allowed', { Allow: 'GET, HEAD' });
    return;
  }
  if (!sessions.isValid(request)) response.setHeader('Set-Cookie', sessions.issue());
  if (path === '/ws') {
    sendText(response, 426, 'Upgrade required', { Upgrade: 'websocket' });
    return;
  }
  await serveStatic(options.staticDir, path, response, method === 'HEAD');
}

function refuseUpgrade(
  request: IncomingMessage,
  options: WebMonitorOptions,
  sessions: SessionStore,
  allowed: Set<string> | null,
): { status: string; reason: string } | null {
  const path = new URL(request.url ?? '/', 'http://monitor.invalid').pathname;
  if (path !== '/ws') return { status: '404 Not Found', reason: `no socket at ${path}` };
  const originProblem = checkOrigin(request, allowed);
  if (originProblem !== null) return { status: '403 Forbidden', reason: originProblem };
  if (!sessions.isValid(request) && !checkBasicAuth(request.headers.authorization, options.credentials)) {
    return { status: '401 Unauthorized', reason: 'no valid session or credentials' };
  }
  return null;
}

const alive = new WeakSet<WebSocket>();

function markAlive(ws: WebSocket): void {
  alive.add(ws);
  ws.on('pong', () => alive.add(ws));
}

function pingAll(wss: WebSocketServer): void {
  for (const ws of wss.clients) {
    if (!alive.has(ws)) {
      ws.terminate();
      continue;
    }
    alive.delete(ws);
    ws.ping();
  }
}

function listen(server: ReturnType<typeof createServer>, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      const what = error.code === 'EADDRINUSE' ? `port ${port} on ${host} is already in use` : `cannot listen on ${host}:${port}`;
      reject(new SemantikError('UNAVAILABLE', `Web monitor: ${what}`, { cause: error }));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      // listen() on a TCP host and port always yields an AddressInfo, never a pipe name.
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}
