/**
 * The Host check of every request and the Origin check of the WebSocket handshake and of writes:
 * only pages served by this monitor, at the address it listens on, may use it (no cross-site
 * WebSocket hijacking, no DNS rebinding onto a loopback monitor).
 */
import type { IncomingMessage } from 'node:http';
import { isLoopbackHost } from './credentials';

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]']);

/** The `host:port` authorities a browser may use to reach a monitor bound to `host`; null means any. */
export function allowedAuthorities(host: string, port: number): Set<string> | null {
  if (WILDCARD_HOSTS.has(host)) return null;
  const names = isLoopbackHost(host) ? ['127.0.0.1', 'localhost', '[::1]', formatHost(host)] : [formatHost(host)];
  return new Set(names.map((name) => `${name.toLowerCase()}:${port}`));
}

/** Brackets an IPv6 address for use in a URL or a Host header. */
export function formatHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** Null when the request's Host names this monitor (any, when it listens on every interface), else why not. */
export function checkHost(request: IncomingMessage, allowed: Set<string> | null): string | null {
  const host = request.headers.host?.toLowerCase();
  if (allowed === null) return null;
  if (host === undefined) return 'missing Host header';
  if (!allowed.has(host)) return `Host ${host} is not this monitor`;
  return null;
}

/** Null when the handshake's Origin is this monitor itself, else the reason it is refused. */
export function checkOrigin(request: IncomingMessage, allowed: Set<string> | null): string | null {
  const origin = request.headers.origin;
  const host = request.headers.host?.toLowerCase();
  if (origin === undefined) return 'missing Origin header';
  if (host === undefined) return 'missing Host header';
  const hostProblem = checkHost(request, allowed);
  if (hostProblem !== null) return hostProblem;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return `malformed Origin ${origin}`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `Origin ${origin} is not a web page`;
  // URL drops a default port (80/443); the Host header of such a request drops it too.
  if (parsed.host.toLowerCase() !== host) return `Origin ${origin} is not ${host}`;
  return null;
}
