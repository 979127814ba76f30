/**
 * Secrets generated on first run and kept in the data folder, readable by the owner only.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Owner read/write only: the Redis password and the monitor's credentials live in such files. */
export const SECRET_FILE_MODE = 0o600;

/** Returns the secret stored in `file`, creating a random one (32 bytes, base64url) on first use. */
export function loadOrCreateSecret(file: string, generate: () => string = randomSecret): { value: string; created: boolean } {
  if (existsSync(file)) {
    // Repair a mode loosened by a copy or a backup tool: the file holds a password.
    if ((statSync(file).mode & 0o777) !== SECRET_FILE_MODE) chmodSync(file, SECRET_FILE_MODE);
    return { value: readFileSync(file, 'utf8').trim(), created: false };
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const value = generate();
  writeFileSync(file, `${value}\n`, { mode: SECRET_FILE_MODE, flag: 'wx' });
  return { value, created: true };
}

/** 32 random bytes as base64url: URL- and shell-safe. */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}
