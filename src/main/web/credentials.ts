/**
 * Credentials of the web monitor: from `SEMANTIK_MONITOR_AUTH`, else generated once per data folder.
 *
 * Never a well-known default such as admin:admin (`SEMANTIK_MONITOR_AUTH=admin:admin` is refused). Generated credentials
 * live in `<dataDir>/monitor-auth` (mode 0600) and are printed by the CLI on the run that made them.
 */
import { isIP } from 'node:net';
import { join } from 'node:path';
import { SemantikError } from '../../shared/errors';
import { loadOrCreateSecret, randomSecret } from '../../node/secret-file';

/** The user name given to generated credentials. */
export const GENERATED_MONITOR_USER = 'semantik';
/** File in the data folder that holds generated credentials as `user:password`. */
export const MONITOR_AUTH_FILE = 'monitor-auth';

/** Resolved monitor credentials and where they came from. */
export interface MonitorCredentials {
  user: string;
  password: string;
  /** True when they come from the data folder's file rather than `SEMANTIK_MONITOR_AUTH`. */
  generated: boolean;
  /** True on the run that created the file: the only time the CLI should print the password. */
  created: boolean;
}

/**
 * Reads the credentials from the environment, or loads (creating on first run) generated ones.
 *
 * With `host` given, also refuses a non-loopback host unless the credentials are explicit.
 */
export function resolveMonitorCredentials(options: {
  dataDir: string;
  env: Readonly<Record<string, string | undefined>>;
  host?: string;
}): MonitorCredentials {
  const explicit = options.env.SEMANTIK_MONITOR_AUTH;
  const credentials =
    explicit !== undefined && explicit.trim() !== ''
      ? { ...parseAuthPair(explicit, 'SEMANTIK_MONITOR_AUTH'), generated: false, created: false }
      : loadGenerated(options.dataDir);
  if (options.host !== undefined) assertMonitorHostAllowed(options.host, credentials);
  return credentials;
}

/** Throws FORBIDDEN when the monitor would listen beyond this machine with generated credentials. */
export function assertMonitorHostAllowed(host: string, credentials: { generated: boolean }): void {
  if (isLoopbackHost(host) || !credentials.generated) return;
  throw new SemantikError(
    'FORBIDDEN',
    `Refusing to serve the monitor on ${host}, which other machines can reach, with generated credentials: ` +
      'set SEMANTIK_MONITOR_AUTH=user:password, or listen on 127.0.0.1',
  );
}

/** True for names and addresses that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (bare.toLowerCase() === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) {
    const lower = bare.toLowerCase();
    return lower === '::1' || lower === '0:0:0:0:0:0:0:1' || lower.startsWith('::ffff:127.');
  }
  return false;
}

/** Splits `user:password` at the first colon (a password may contain colons). */
function parseAuthPair(text: string, what: string): { user: string; password: string } {
  const colon = text.indexOf(':');
  const user = colon > 0 ? text.slice(0, colon) : '';
  const password = colon > 0 ? text.slice(colon + 1) : '';
  if (user === '' || password === '') {
    throw new SemantikError('BAD_INPUT', `${what} must be user:password, with neither part empty`);
  }
  if (user === 'admin' && password === 'admin') {
    throw new SemantikError('BAD_INPUT', `${what}: admin:admin is the well-known default of other monitors; choose another password`);
  }
  return { user, password };
}

function loadGenerated(dataDir: string): MonitorCredentials {
  const file = join(dataDir, MONITOR_AUTH_FILE);
  const { value, created } = loadOrCreateSecret(file, () => `${GENERATED_MONITOR_USER}:${randomSecret()}`);
  return { ...parseAuthPair(value, file), generated: true, created };
}
