/**
 * Authentication of the web monitor: HTTP Basic on every request, and a session cookie for the
 * WebSocket.
 *
 * Why a cookie: browsers do not reliably attach the Basic credentials they cached to a WebSocket
 * handshake, and the page cannot read them. So a request that passes Basic auth gets an HttpOnly,
 * SameSite=Strict cookie holding a random token kept in memory; the handshake at `/ws` carries it
 * automatically and only from same-site pages. Non-browser clients may send Basic on the handshake.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** How long a session token stays valid after it is issued. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
const MAX_SESSIONS = 1000;

/** Checks Basic credentials in constant time (per byte, and regardless of which part differs). */
export function checkBasicAuth(header: string | undefined, expected: { user: string; password: string }): boolean {
  if (header === undefined) return false;
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (match === null) return false;
  // The captured group exists whenever the pattern matched.
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  const userOk = safeEqual(decoded.slice(0, colon), expected.user);
  const passwordOk = safeEqual(decoded.slice(colon + 1), expected.password);
  return userOk && passwordOk;
}

/** The value of `WWW-Authenticate` that makes a browser prompt for the monitor's credentials. */
export const BASIC_CHALLENGE = 'Basic realm="Semantik monitor", charset="UTF-8"';

/** Session tokens issued to browsers after a successful Basic login. */
export class SessionStore {
  private readonly sessions = new Map<string, number>();

  constructor(
    /** Cookie name; it carries the port because cookies are shared by every port of a host. */
    readonly cookieName: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Issues a token and returns the `Set-Cookie` header value. */
  issue(): string {
    this.prune();
    const token = randomBytes(32).toString('base64url');
    this.sessions.set(token, this.now() + SESSION_TTL_MS);
    return `${this.cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${Math.floor(SESSION_TTL_MS / 1000)}`;
  }

  /** True when the request's cookie names a live session. */
  isValid(request: IncomingMessage): boolean {
    const token = readCookie(request.headers.cookie, this.cookieName);
    if (token === undefined) return false;
    const expires = this.sessions.get(token);
    if (expires === undefined) return false;
    if (expires < this.now()) {
      this.sessions.delete(token);
      return false;
    }
    return true;
  }

  private prune(): void {
    const now = this.now();
    for (const [token, expires] of this.sessions) if (expires < now) this.sessions.delete(token);
    // A client that logs in in a loop must not grow memory without bound: drop the oldest.
    while (this.sessions.size >= MAX_SESSIONS) {
      const oldest = this.sessions.keys().next();
      if (oldest.done === true) break;
      this.sessions.delete(oldest.value);
    }
  }
}

/** Returns one cookie's value from a `Cookie` header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Compares two strings in time independent of where they differ (hashing equalises lengths). */
function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}
