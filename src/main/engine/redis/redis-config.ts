/**
 * The embedded server's config file: every setting and its users, so that no password is on
 * redis-server's command line (which every local user can read in `ps` or /proc).
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SECRET_FILE_MODE } from '../../../node/secret-file';
import { redisAclUsers, type RedisUserPasswords } from './redis-acl';

/** Every setting the embedded server runs with. */
export interface RedisServerSettings {
  passwords: RedisUserPasswords;
  port: number;
  dir: string;
  maxMemoryBytes: number;
  /** Exposed to other machines: TLS only, on the server's port, on loopback and `bind`. */
  tls?: { certFile: string; keyFile: string; bind: string };
}

/** The config file's name in the server's folder; written at each start. */
export const REDIS_CONFIG_FILE = 'redis.conf';

/**
 * The config file's text. AOF is the persistence, RDB snapshots stay off.
 *
 * Exposed, the server speaks TLS only: `bind` applies to every listener, so the plain port would
 * be reachable from the network too; it is turned off (`port 0`) and local clients use TLS as
 * well. Clients need no certificate of their own; they authenticate with a password.
 */
export function buildRedisConfig(settings: RedisServerSettings): string {
  const { tls } = settings;
  const everywhere = tls !== undefined && (tls.bind === '0.0.0.0' || tls.bind === '*');
  const lines: string[][] = [
    ['bind', ...(tls === undefined ? ['127.0.0.1'] : everywhere ? ['*', '-::*'] : ['127.0.0.1', tls.bind])],
    ['protected-mode', 'yes'],
    ['port', tls === undefined ? String(settings.port) : '0'],
    ...(tls === undefined
      ? []
      : [
          ['tls-port', String(settings.port)],
          ['tls-cert-file', tls.certFile],
          ['tls-key-file', tls.keyFile],
          ['tls-ca-cert-file', tls.certFile],
          ['tls-auth-clients', 'no'],
        ]),
    ['dir', settings.dir],
    ['appendonly', 'yes'],
    ['appendfsync', 'everysec'],
    ['save', ''],
    ['maxmemory', String(settings.maxMemoryBytes)],
    ['maxmemory-policy', 'noeviction'],
    // The config file (in the data folder) in the process title: `ps` shows which data folder a
    // redis-server serves. Its title replaces argv once it runs.
    ['proc-title-template', '{title} {listen-addr} {server-mode} {config-file}'],
  ];
  return [
    '# Written by Semantik at each start of its Redis; changes here are lost.',
    ...lines.map(([name, ...values]) => [name, ...values.map(quoteConfigValue)].join(' ')),
    ...redisAclUsers(settings.passwords),
    '',
  ].join('\n');
}

/**
 * A value as redis-server's config parser reads it: bare when it is a plain word, else in double
 * quotes with `\` and `"` escaped and control characters as `\xHH` (paths may hold spaces).
 */
export function quoteConfigValue(value: string): string {
  if (/^[\w./:@+,=*-]+$/.test(value)) return value;
  const escaped = [...value]
    .map((char) => {
      if (char === '\\' || char === '"') return `\\${char}`;
      const code = char.codePointAt(0) ?? 0;
      return code < 0x20 || code === 0x7f ? `\\x${code.toString(16).padStart(2, '0')}` : char;
    })
    .join('');
  return `"${escaped}"`;
}

/** Writes the config file, readable by the owner only, and returns its path. */
export function writeRedisConfig(dir: string, text: string): string {
  const file = join(dir, REDIS_CONFIG_FILE);
  writeFileSync(file, text, { mode: SECRET_FILE_MODE });
  // The mode applies only when the file is created: repair one loosened since.
  chmodSync(file, SECRET_FILE_MODE);
  return file;
}
