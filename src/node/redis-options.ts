/**
 * Connection options for ioredis and BullMQ from a Redis URL (`SEMANTIK_REDIS_URL` or the embedded
 * server's URL), shared by the supervisor and the workers.
 */
import { SemantikError } from '../shared/errors';
import { namesSelfSigned, SELF_SIGNED_NAME } from './self-signed-cert';

/** Plain ioredis options; a structural subset of `RedisOptions`, so it needs no ioredis import. */
export interface RedisConnectionOptions {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db?: number;
  /**
   * Present for `rediss://`: Node's defaults (certificate checks on), plus `ca` to trust a
   * self-signed server certificate (the app's own, see redis-tls.ts) instead of the system's CAs.
   */
  tls?: { ca?: string; servername?: string };
  /** BullMQ requires null: a blocking command must wait through a reconnect instead of failing. */
  maxRetriesPerRequest: null;
  /** ioredis's INFO before the first command; see {@link withoutInfo}. */
  enableReadyCheck?: boolean;
  /** BullMQ's INFO (version and eviction policy) at connect; see {@link withoutInfo}. */
  skipVersionCheck?: boolean;
}

/**
 * Options for a user that may not run INFO (it is `@dangerous`), as the embedded Redis's `worker`
 * user: no ioredis ready check, no BullMQ version check (the app checks the server itself).
 */
export function withoutInfo(options: RedisConnectionOptions): RedisConnectionOptions {
  return { ...options, enableReadyCheck: false, skipVersionCheck: true };
}

/** The port Redis listens on when a URL names none. */
export const DEFAULT_REDIS_PORT = 6379;

/**
 * Parses `redis://[user[:password]@]host[:port][/db]` or `rediss://…` (TLS).
 *
 * A `password` given here wins over one in the URL: the embedded server's URL never carries its
 * password, which comes from the secret file instead. `ca` (PEM) is trusted for `rediss://` only.
 */
export function redisOptionsFromUrl(url: string, password?: string, ca?: string): RedisConnectionOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    // The URL may hold a password: do not echo it back.
    throw new SemantikError('BAD_INPUT', 'Redis URL is not a valid URL', { cause });
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new SemantikError('BAD_INPUT', `Redis URL scheme must be redis:// or rediss://, not ${parsed.protocol}//`);
  }
  // WHATWG URLs keep IPv6 hosts in brackets; sockets want them bare.
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw new SemantikError('BAD_INPUT', 'Redis URL has no host');
  const options: RedisConnectionOptions = {
    host,
    port: parsed.port === '' ? DEFAULT_REDIS_PORT : Number(parsed.port),
    maxRetriesPerRequest: null,
  };
  if (parsed.username !== '') options.username = decodeURIComponent(parsed.username);
  const urlPassword = parsed.password === '' ? undefined : decodeURIComponent(parsed.password);
  const chosenPassword = password ?? urlPassword;
  if (chosenPassword !== undefined) options.password = chosenPassword;
  const db = parseDb(parsed.pathname);
  if (db !== undefined) options.db = db;
  // The app's own certificate is checked against the name it always carries, so a worker may
  // reach the app by any address (the certificate is pinned: it is the only CA trusted).
  if (parsed.protocol === 'rediss:') {
    options.tls = ca === undefined ? {} : { ca, ...(namesSelfSigned(ca) ? { servername: SELF_SIGNED_NAME } : {}) };
  }
  return options;
}

function parseDb(pathname: string): number | undefined {
  const path = pathname.replace(/^\//, '');
  if (path === '') return undefined;
  if (!/^\d+$/.test(path)) {
    throw new SemantikError('BAD_INPUT', `Redis URL path must be a database number, not "/${path}"`);
  }
  return Number(path);
}
