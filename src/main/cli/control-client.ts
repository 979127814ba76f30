/**
 * The CLI's side of the control channel over Redis (see control-protocol.ts): publish a signed
 * request to the running instance and wait for its signed reply.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { SemantikError } from '../../shared/errors';
import {
  CONTROL_CHANNEL,
  CONTROL_REPLY_CHANNEL,
  CONTROL_TIMEOUT_MS,
  parseReply,
  replySigned,
  replyValue,
  signRequest,
  type ControlCall,
} from '../../node/control-protocol';

/** Runs `call` in the running instance; resolves with its value, rejects with its error. */
export async function controlCall(
  redis: Redis,
  key: string,
  call: ControlCall,
  input: unknown,
  timeoutMs = CONTROL_TIMEOUT_MS,
): Promise<unknown> {
  const id = randomUUID();
  const subscriber = redis.duplicate();
  let timer: NodeJS.Timeout | undefined;
  try {
    // Anyone with the Redis password can publish replies, and another instance on a shared Redis
    // answers too: only a reply signed with this data folder's key counts; others are noted.
    let unsigned: string | null = null;
    const reply = new Promise<unknown>((resolve, reject) => {
      timer = setTimeout(() => {
        const why = unsigned === null ? '' : `; a reply came that was not signed with this data folder's control key (${unsigned})`;
        reject(new SemantikError('TIMEOUT', `the running instance did not answer ${call} within ${timeoutMs / 1000} s${why}`));
      }, timeoutMs);
      subscriber.on('message', (_channel: string, text: string) => {
        let raw: unknown;
        try {
          raw = JSON.parse(text);
        } catch {
          return; // not a reply of ours
        }
        const reply = parseReply(raw);
        if (reply === null || reply.id !== id) return;
        if (!replySigned(key, reply)) {
          unsigned = reply.ok ? 'ok' : (reply.error?.message ?? 'an error');
          return;
        }
        try {
          resolve(replyValue(reply, call));
        } catch (error) {
          reject(error as Error);
        }
      });
    });
    reply.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
    // Subscribed before publishing, so the reply cannot come too early to be seen.
    await subscriber.subscribe(CONTROL_REPLY_CHANNEL);
    const listeners = await redis.publish(CONTROL_CHANNEL, JSON.stringify(signRequest(key, { id, call, input, at: Date.now() })));
    if (listeners === 0)
      throw new SemantikError(
        'UNAVAILABLE',
        'the Semantik instance on this data folder does not listen on its control channel (starting or stopping?)',
      );
    return await reply;
  } finally {
    clearTimeout(timer);
    subscriber.disconnect();
  }
}
