/**
 * Sealed payloads: document text and file paths leave a process only encrypted (AES-256-GCM), so
 * that neither Redis nor its append-only file holds them in clear.
 *
 * A sealed value is one string, `sealed:v1:` then base64url of IV (12 bytes), tag (16 bytes) and
 * the ciphertext of the value's JSON. It can stand anywhere a string can: a job's data field, a
 * progress field, a log line, an error message (where it may follow a prefix).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SemantikError } from '../../shared/errors';

const PREFIX = 'sealed:v1:';
const TOKEN = /sealed:v1:[A-Za-z0-9_-]+/g;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** AES-256: the key is 32 bytes. */
export const PAYLOAD_KEY_BYTES = 32;

/** Encrypts `value` (any JSON value) into one string. */
export function seal(key: Buffer, value: unknown): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(value ?? null), 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** Whether `value` is one sealed string. */
export function isSealed(value: unknown): boolean {
  return typeof value === 'string' && value.startsWith(PREFIX) && !value.slice(PREFIX.length).includes(':');
}

/** Decrypts a sealed string; a wrong key or a changed byte throws a BAD_INPUT error. */
export function unseal(key: Buffer, sealed: string): unknown {
  if (!isSealed(sealed)) throw new SemantikError('BAD_INPUT', 'not a sealed payload');
  const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64url');
  if (raw.length < IV_BYTES + TAG_BYTES) throw new SemantikError('BAD_INPUT', 'sealed payload too short');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const text = Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new SemantikError('BAD_INPUT', 'cannot decrypt a sealed payload (another payload key?)', { cause });
  }
}

function revealToken(key: Buffer, token: string): unknown {
  try {
    return unseal(key, token);
  } catch {
    // Shown as such rather than hidden: the monitor tells the person the data exists.
    return '[encrypted with another key]';
  }
}

/** A string with each sealed part replaced by its clear value (strings as they are, others as JSON). */
export function revealText(key: Buffer, text: string): string {
  return text.replace(TOKEN, (token) => {
    const value = revealToken(key, token);
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
}

/** `value` with every sealed string inside it decrypted: what the monitor shows. */
export function reveal(key: Buffer, value: unknown): unknown {
  if (typeof value === 'string') {
    if (isSealed(value)) return revealToken(key, value);
    return value.includes(PREFIX) ? revealText(key, value) : value;
  }
  if (Array.isArray(value)) return value.map((item) => reveal(key, item));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, reveal(key, item)]));
  }
  return value;
}

/** JSON text with every sealed string inside it decrypted (text that is not JSON: as revealText). */
export function revealJsonText(key: Buffer, raw: string): string {
  if (!raw.includes(PREFIX)) return raw;
  try {
    return JSON.stringify(reveal(key, JSON.parse(raw)));
  } catch {
    return revealText(key, raw);
  }
}
