/**
 * How `semantik worker` logs in to the app's Redis: as the `worker` user unless the URL names
 * another, with a password from SEMANTIK_REDIS_PASSWORD or a file, never from the command line
 * (every user of the machine can read a process's arguments).
 */
import { readFileSync, statSync } from 'node:fs';
import { SemantikError } from '../../shared/errors';
import { childLogger } from '../../node/logger';
import { WORKER_USER } from '../engine/redis/redis-acl';

/** What the command line and the environment give. */
export interface WorkerCredentialInput {
  redis: string;
  /** A file holding the password (the app's `redis/worker-password`). */
  passwordFile?: string;
  /** Refused: the option remains only to say so. */
  password?: string;
  /** @defaultValue process.env.SEMANTIK_REDIS_PASSWORD */
  envPassword?: string;
}

/** The URL to connect to (with its user) and the password, if any. */
export interface WorkerCredentials {
  url: string;
  password?: string;
}

const ARGV_SECRET =
  'a password on the command line is visible to every user of this machine; ' +
  "set SEMANTIK_REDIS_PASSWORD or pass --password-file <file> (a copy of the app's redis/worker-password)";

const log = childLogger('remote-workers');

/** Resolves the user, URL and password; BAD_INPUT for a password on argv or an unreadable file. */
export function workerCredentials(input: WorkerCredentialInput): WorkerCredentials {
  if (input.password !== undefined) throw new SemantikError('BAD_INPUT', `--password is no longer accepted: ${ARGV_SECRET}`);
  let parsed: URL;
  try {
    parsed = new URL(input.redis);
  } catch (cause) {
    throw new SemantikError('BAD_INPUT', 'Redis URL is not a valid URL', { cause });
  }
  if (parsed.password !== '') throw new SemantikError('BAD_INPUT', `the --redis URL holds a password: ${ARGV_SECRET}`);
  if (parsed.username === '') parsed.username = WORKER_USER;
  const fromFile = input.passwordFile === undefined ? undefined : readPasswordFile(input.passwordFile);
  const password = fromFile ?? input.envPassword ?? process.env.SEMANTIK_REDIS_PASSWORD;
  return { url: parsed.toString(), ...(password !== undefined && password !== '' ? { password } : {}) };
}

function readPasswordFile(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new SemantikError('BAD_INPUT', `cannot read the password file ${file}`, { cause });
  }
  // Windows has no such mode bits; elsewhere a readable copy of a password deserves a word.
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
    log.warn({ file }, 'the password file is readable by other users; chmod 600 it');
  }
  const password = text.trim();
  if (password === '') throw new SemantikError('BAD_INPUT', `the password file ${file} is empty`);
  return password;
}
