/**
 * The engine's side of the control channel (see control-protocol.ts): runs `workers:*`,
 * `queues:list`, `search:query` and `search:files` requests from the CLI through the same handlers, and the same
 * input validation, as the UI's calls. A request without a valid signature, too old, or seen
 * before is refused and logged.
 */
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { apiInputs, type ApiHandlers } from '../../shared/api';
import { serializeError } from '../../shared/errors';
import { parseInput } from '../../shared/validate';
import { childLogger } from '../../node/logger';
import { seal, unseal } from '../../node/jobs/payload-seal';
import {
  CONTROL_CHANNEL,
  CONTROL_MAX_AGE_MS,
  CONTROL_REPLY_CHANNEL,
  controlRequestSchema,
  requestSigned,
  SEALED_CALLS,
  signReply,
  type ControlReply,
} from '../../node/control-protocol';

const log = childLogger('control');
/** A sealed call's input: one sealed string (see payload-seal.ts). */
const sealedInput = z.string().startsWith('sealed:').max(1_000_000);

/** Listens on the control channel until `stop()`. */
export class ControlChannel {
  private subscriber: Redis | null = null;
  /** Ids of accepted requests and when they were made: each runs once. */
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly redis: Redis,
    private readonly handlers: ApiHandlers,
    /** The key in the data folder (control.key); requests must be signed with it. */
    private readonly key: string,
    /** The payload key: opens a sealed call's input and seals its value. */
    private readonly payloadKey: Buffer,
  ) {}

  async start(): Promise<void> {
    const subscriber = this.redis.duplicate();
    this.subscriber = subscriber;
    subscriber.on('message', (_channel: string, text: string) => void this.handle(text));
    subscriber.on('error', (error: Error) => log.warn({ err: error.message }, 'control subscriber error'));
    // ioredis re-subscribes after a reconnect (e.g. Redis restarted by its supervisor).
    await subscriber.subscribe(CONTROL_CHANNEL);
  }

  stop(): void {
    this.subscriber?.disconnect();
    this.subscriber = null;
  }

  private async handle(text: string): Promise<void> {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      log.warn('ignored a control request that is not JSON');
      return;
    }
    const request = controlRequestSchema.safeParse(raw);
    if (!request.success) {
      log.warn({ issues: request.error.message }, 'ignored a malformed control request');
      return;
    }
    const { id, call, input, at } = request.data;
    const refusal = this.refusal(request.data);
    if (refusal !== null) {
      log.warn({ call, id, refusal }, 'refused a control request');
      await this.publish(
        signReply(this.key, { id, ok: false, error: { code: 'FORBIDDEN', message: `control request refused: ${refusal}` } }),
      );
      return;
    }
    this.seen.set(id, at);
    const started = performance.now();
    let reply: ControlReply;
    try {
      let value: unknown;
      const sealed = SEALED_CALLS.has(call);
      const given: unknown = sealed ? unseal(this.payloadKey, parseInput(sealedInput, input, `input of ${call}`)) : input;
      switch (call) {
        case 'workers:scale':
          value = await this.handlers['workers:scale'](parseInput(apiInputs['workers:scale'], given ?? {}, `input of ${call}`));
          break;
        case 'workers:autoscale':
          value = await this.handlers['workers:autoscale'](parseInput(apiInputs['workers:autoscale'], given ?? {}, `input of ${call}`));
          break;
        case 'workers:list':
          value = await this.handlers['workers:list'](parseInput(apiInputs['workers:list'], given ?? {}, `input of ${call}`));
          break;
        case 'queues:list':
          value = await this.handlers['queues:list'](parseInput(apiInputs['queues:list'], given ?? {}, `input of ${call}`));
          break;
        case 'search:query':
          value = await this.handlers['search:query'](parseInput(apiInputs['search:query'], given, `input of ${call}`));
          break;
        case 'search:files':
          value = await this.handlers['search:files'](parseInput(apiInputs['search:files'], given, `input of ${call}`));
          break;
      }
      if (sealed) value = seal(this.payloadKey, value);
      log.info({ call, ms: Math.round(performance.now() - started), ...(sealed ? {} : { input }) }, 'control request done');
      reply = signReply(this.key, { id, ok: true, value });
    } catch (error) {
      const serialized = serializeError(error);
      log.info({ call, ms: Math.round(performance.now() - started), code: serialized.code }, 'control request failed');
      reply = signReply(this.key, { id, ok: false, error: { code: serialized.code, message: serialized.message } });
    }
    await this.publish(reply);
  }

  /** Why a well-formed request may not run, or null when it may. */
  private refusal(request: Parameters<typeof requestSigned>[1]): string | null {
    const now = Date.now();
    for (const [id, at] of this.seen) if (Math.abs(now - at) > CONTROL_MAX_AGE_MS) this.seen.delete(id);
    if (!requestSigned(this.key, request)) return 'not signed with this instance’s control key (the data folder’s control.key)';
    if (Math.abs(now - request.at) > CONTROL_MAX_AGE_MS) {
      const seconds = Math.round(Math.abs(now - request.at) / 1000);
      return `made ${seconds} s ${request.at < now ? 'ago' : 'in the future'}; the limit is ${CONTROL_MAX_AGE_MS / 1000} s`;
    }
    if (this.seen.has(request.id)) return `request ${request.id} was already run`;
    return null;
  }

  private async publish(reply: ControlReply): Promise<void> {
    await this.redis.publish(CONTROL_REPLY_CHANNEL, JSON.stringify(reply)).catch((error: unknown) => {
      log.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not publish a control reply');
    });
  }
}
