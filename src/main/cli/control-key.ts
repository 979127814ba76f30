/**
 * The running instance's control key, which signs the CLI's control requests (see
 * control-protocol.ts).
 */
import { readFileSync } from 'node:fs';
import { SemantikError } from '../../shared/errors';
import { controlKeyPath } from '../../node/control-protocol';

/** The key, read from the data folder (only its owner can). */
export function readControlKey(dataDir: string): string {
  const file = controlKeyPath(dataDir);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (cause) {
    throw new SemantikError('FORBIDDEN', `cannot read the instance's control key ${file}: ${(cause as Error).message}`, { cause });
  }
}
