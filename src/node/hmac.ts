/**
 * HMAC-SHA256 over a list of strings, and a constant-time comparison: the one way requests on the
 * control channel and jobs on the local queues are signed.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Hex HMAC of `parts`, newline-joined as JSON strings so that no part can run into the next. */
export function macOf(key: string, parts: readonly string[]): string {
  return createHmac('sha256', key)
    .update(parts.map((part) => JSON.stringify(part)).join('\n'))
    .digest('hex');
}

/** Whether two hex MACs are equal, in constant time. */
export function sameMac(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
