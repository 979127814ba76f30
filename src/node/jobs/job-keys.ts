/**
 * The two keys of the job queues, each in a 0600 file of the data folder:
 * - the job key (`jobs.key`) signs jobs of the local queues; only the supervisor and its local
 *   workers hold it;
 * - the payload key (`payload.key`) encrypts document text and paths in Redis; remote embed
 *   workers receive it too, to read their texts.
 *
 * Where the desktop shell has an OS keychain, it may wrap the payload key (see KeyWrapper): the
 * file then holds the wrapped key and only the shell can open it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SemantikError } from '../../shared/errors';
import { loadOrCreateSecret, randomSecret } from '../secret-file';
import { PAYLOAD_KEY_BYTES } from './payload-seal';

/** The keys the supervisor and its local workers hold (a remote embed worker has only `payload`). */
export interface JobKeys {
  sign: string;
  payload: Buffer;
}

/** Wraps a key with the OS keychain (Electron's safeStorage); the engine never imports electron. */
export interface KeyWrapper {
  wrap(plain: string): string;
  unwrap(wrapped: string): string;
}

const WRAPPED_PREFIX = 'wrapped:';

export function jobKeyPath(dataDir: string): string {
  return join(dataDir, 'jobs.key');
}

export function payloadKeyPath(dataDir: string): string {
  return join(dataDir, 'payload.key');
}

/** The payload key from its text (32 bytes as base64url); throws on anything else. */
export function payloadKeyOf(text: string, where: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64url');
  if (key.length !== PAYLOAD_KEY_BYTES) throw new SemantikError('BAD_INPUT', `${where} does not hold a payload key (32 bytes, base64url)`);
  return key;
}

/** Reads a payload key file given to a remote worker (`--payload-key-file`). */
export function readPayloadKeyFile(file: string): Buffer {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new SemantikError('BAD_INPUT', `cannot read the payload key file ${file}`, { cause });
  }
  if (text.startsWith(WRAPPED_PREFIX)) {
    throw new SemantikError('BAD_INPUT', `${file} is wrapped by the desktop's keychain: give the worker a copy of the clear key`);
  }
  return payloadKeyOf(text, file);
}

/** The data folder's keys, created on first use; `wrapper` keeps the payload key in the keychain. */
export function loadJobKeys(dataDir: string, wrapper?: KeyWrapper): JobKeys {
  const sign = loadOrCreateSecret(jobKeyPath(dataDir)).value;
  const file = payloadKeyPath(dataDir);
  const stored = loadOrCreateSecret(file, () => (wrapper ? WRAPPED_PREFIX + wrapper.wrap(randomSecret()) : randomSecret())).value;
  if (stored.startsWith(WRAPPED_PREFIX)) {
    if (!wrapper) throw new SemantikError('UNAVAILABLE', `${file} is wrapped by the desktop's keychain; start the desktop app to open it`);
    return { sign, payload: payloadKeyOf(wrapper.unwrap(stored.slice(WRAPPED_PREFIX.length)), file) };
  }
  return { sign, payload: payloadKeyOf(stored, file) };
}
