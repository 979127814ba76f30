/**
 * Parses human durations from settings: `300` (seconds), `500ms`, `30s`, `5m`, `2h`.
 */
import { SemantikError } from '../shared/errors';

const UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds for a duration setting; a bare number means seconds (`300` is five minutes). */
export function parseDurationMs(value: string, setting: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/i.exec(value);
  if (!match) {
    throw new SemantikError('BAD_INPUT', `${setting}: "${value}" is not a duration (examples: 300, 30s, 5m, 2h)`);
  }
  const unit = (match[2] ?? 's').toLowerCase();
  // The unit is one of UNITS_MS's keys: the regular expression admits no other.
  return Math.round(Number(match[1]) * UNITS_MS[unit]!);
}

/** Bytes for a size setting: `512mb`, `4gb`, `1048576`. */
export function parseBytes(value: string, setting: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(value);
  if (!match) throw new SemantikError('BAD_INPUT', `${setting}: "${value}" is not a size (examples: 512mb, 4gb)`);
  const factor = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[(match[2] ?? 'b').toLowerCase() as 'b'];
  return Math.round(Number(match[1]) * factor);
}
