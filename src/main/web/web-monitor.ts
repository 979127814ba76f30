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
import { clientKey, LoginThrottle } from './login-throttle';
import { allowedAuthorities, checkHost, checkOrigin, formatHost } from './origin';
import { sendSignIn } from './sign-in-page';
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
  /**
   * The folders (and their subfolders) browsers may add (SEMANTIK_WEB_ROOTS, see folder-policy.ts).
   * @defaultValue none: folders are added in the desktop app or with `semantik index`
   */
  webRoots?: readonly string[];
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
  const webRoots = options.webRoots ?? [];
  const dispatch = { mode: 'web', readOnly: options.readOnly, includeStack: false, webRoots } as const;
  // The schedule is DEFAULT_LOGIN_BACKOFF: short enough that tests run it as it is.
  const throttle = new LoginThrottle();
  // Known once listening (the port may be 0 until then); no request arrives before that.
  let sessions = new SessionStore('semantik_session');
  let allowed: Set<string> | null = null;

  const server = createServer((request, response) => {
    handleRequest(request, response, { ...options, webRoots }, { sessions, throttle, allowed }).catch((error: unknown) => {
      log.error({ err: error, url: request.url }, 'request failed');
      if (!response.headersSent) sendText(response, 500, 'Internal error');
      else response.destroy();
    });
  });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal = refuseUpgrade(request, options, { sessions, throttle, allowed });
    if (refusal !== null) {
      log.warn({ origin: request.headers.origin, client: request.socket.remoteAddress, reason: refusal.reason }, 'WebSocket refused');
      const retry = refusal.retryAfterS === undefined ? '' : `Retry-After: ${refusal.retryAfterS}\r\n`;
      socket.end(`HTTP/1.1 ${refusal.status}\r\n${retry}Connection: close\r\nContent-Length: 0\r\n\r\n`);
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

/** What every request is checked against; `allowed` is known once the server listens. */
interface Guards {
  sessions: SessionStore;
  throttle: LoginThrottle;
  allowed: Set<string> | null;
}

async function handleRequest(
  request: IncomingMessage,
  response: ServerResponse,
  options: WebMonitorOptions & { webRoots: readonly string[] },
  guards: Guards,
): Promise<void> {
  const method = request.method ?? 'GET';
  const url = new URL(request.url ?? '/', 'http://monitor.invalid');
  const path = url.pathname;
  // Every request, not only writes: a page of another site that rebinds its name to this
  // machine's address must not read the monitor either.
  const hostProblem = checkHost(request, guards.allowed);
  if (hostProblem !== null) {
    log.warn({ client: request.socket.remoteAddress, host: request.headers.host, url: request.url }, 'request refused: wrong Host');
    refuse(response, path, 403, 'FORBIDDEN', hostProblem);
    return;
  }
  if (path === '/healthcheck' && (method === 'GET' || method === 'HEAD')) {
    // Unauthenticated by design (load balancers, `semantik doctor`): it reveals nothing but "up".
    sendText(response, 200, 'ok');
    return;
  }
  const login = checkLogin(request, options, guards.throttle);
  if (login !== null) {
    if (login.status === 429) refuse(response, path, 429, 'TOO_MANY_REQUESTS', login.reason, { 'Retry-After': String(login.retryAfterS) });
    else if (isApiPath(path)) sendError(response, 401, 'UNAUTHORIZED', login.reason, { 'WWW-Authenticate': BASIC_CHALLENGE });
    // A person who cancels the browser's prompt reads this: it says where the credentials are.
    else sendSignIn(request, response, { 'WWW-Authenticate': BASIC_CHALLENGE });
    return;
  }
  if (isApiPath(path)) {
    await handleHttpApi(request, response, url, {
      handlers: options.engine.handlers,
      readOnly: options.readOnly,
      webRoots: options.webRoots,
      allowed: () => guards.allowed,
    });
    return;
  }
  if (method !== 'GET' && method !== 'HEAD') {
    sendText(response, 405, 'Method not allowed', { Allow: 'GET, HEAD' });
    return;
  }
  if (!guards.sessions.isValid(request)) response.setHeader('Set-Cookie', guards.sessions.issue());
  if (path === '/ws') {
    sendText(response, 426, 'Upgrade required', { Upgrade: 'websocket' });
    return;
  }
  await serveStatic(options.staticDir, path, response, method === 'HEAD');
}

/** A refusal as JSON on API paths, as text elsewhere. */
function refuse(
  response: ServerResponse,
  path: string,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  if (isApiPath(path)) sendError(response, status, code, message, headers);
  else sendText(response, status, message, headers);
}

/** Why a login is refused: no or wrong credentials (401), or a client that must wait (429). */
type LoginRefusal = { status: 401; reason: string } | { status: 429; reason: string; retryAfterS: number };

/**
 * Checks a request's Basic credentials under the login backoff: null when they are right, else
 * 401 (no or wrong credentials; a wrong password counts and is logged with the client's address,
 * never with what was typed) or 429 while the client must wait.
 */
function checkLogin(request: IncomingMessage, options: WebMonitorOptions, throttle: LoginThrottle): LoginRefusal | null {
  const address = request.socket.remoteAddress;
  const client = clientKey(address);
  const waitMs = throttle.waitMs(client);
  if (waitMs > 0) {
    const retryAfterS = Math.max(1, Math.ceil(waitMs / 1000));
    return { status: 429, reason: `Too many failed logins: try again in ${retryAfterS} s`, retryAfterS };
  }
  const header = request.headers.authorization;
  if (checkBasicAuth(header, options.credentials)) return null;
  // A browser's first request carries no credentials: that is a question, not a failed login.
  if (header === undefined) return { status: 401, reason: 'Authentication required' };
  const { failures, waitMs: backoffMs } = throttle.recordFailure(client);
  log.warn({ client: address, url: request.url, failures, backoffMs }, 'failed login to the web monitor');
  return { status: 401, reason: 'Authentication required' };
}

function refuseUpgrade(
  request: IncomingMessage,
  options: WebMonitorOptions,
  guards: Guards,
): { status: string; reason: string; retryAfterS?: number } | null {
  const path = new URL(request.url ?? '/', 'http://monitor.invalid').pathname;
  if (path !== '/ws') return { status: '404 Not Found', reason: `no socket at ${path}` };
  const originProblem = checkOrigin(request, guards.allowed);
  if (originProblem !== null) return { status: '403 Forbidden', reason: originProblem };
  // A session cookie proves an earlier login; only password attempts are throttled.
  if (guards.sessions.isValid(request)) return null;
  if (request.headers.authorization === undefined) return { status: '401 Unauthorized', reason: 'no valid session or credentials' };
  const login = checkLogin(request, options, guards.throttle);
  if (login === null) return null;
  if (login.status === 429) return { status: '429 Too Many Requests', reason: login.reason, retryAfterS: login.retryAfterS };
  return { status: '401 Unauthorized', reason: 'wrong credentials' };
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
