/**
 * The CLI's side of the control channel (see control-protocol.ts): publish a request to the
 * running instance and wait for its reply.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { SemantikError, type ErrorCode } from '../../shared/errors';
import { CONTROL_CHANNEL, CONTROL_REPLY_CHANNEL, controlReplySchema, type ControlCall } from '../../node/control-protocol';

/** How long the running instance has to answer. */
export const CONTROL_TIMEOUT_MS = 15_000;

/** Runs `call` in the running instance; resolves with its value, rejects with its error. */
export async function controlCall(redis: Redis, call: ControlCall, input: unknown, timeoutMs = CONTROL_TIMEOUT_MS): Promise<unknown> {
  const id = randomUUID();
  const subscriber = redis.duplicate();
  let timer: NodeJS.Timeout | undefined;
  try {
    const reply = new Promise<unknown>((resolve, reject) => {
      timer = setTimeout(
        () => reject(new SemantikError('TIMEOUT', `the running instance did not answer ${call} within ${timeoutMs / 1000} s`)),
        timeoutMs,
      );
      subscriber.on('message', (_channel: string, text: string) => {
        let raw: unknown;
        try {
          raw = JSON.parse(text);
        } catch {
          return; // not a reply of ours
        }
        const parsed = controlReplySchema.safeParse(raw);
        if (!parsed.success || parsed.data.id !== id) return;
        if (parsed.data.ok) resolve(parsed.data.value);
        else
          reject(new SemantikError((parsed.data.error?.code ?? 'INTERNAL') as ErrorCode, parsed.data.error?.message ?? `${call} failed`));
      });
    });
    reply.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
    // Subscribed before publishing, so the reply cannot come too early to be seen.
    await subscriber.subscribe(CONTROL_REPLY_CHANNEL);
    const listeners = await redis.publish(CONTROL_CHANNEL, JSON.stringify({ id, call, input }));
    if (listeners === 0) throw new SemantikError('UNAVAILABLE', 'no running Semantik instance listens on its control channel');
    return await reply;
  } finally {
    clearTimeout(timer);
    subscriber.disconnect();
  }
}
