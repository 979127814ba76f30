/**
 * The engine's side of the control channel (see control-protocol.ts): runs `workers:*` requests
 * from the CLI through the same handlers, and the same input validation, as the UI's calls.
 */
import type { Redis } from 'ioredis';
import { apiInputs, type ApiHandlers } from '../../shared/api';
import { serializeError } from '../../shared/errors';
import { parseInput } from '../../shared/validate';
import { childLogger } from '../../node/logger';
import { CONTROL_CHANNEL, CONTROL_REPLY_CHANNEL, controlRequestSchema, type ControlReply } from '../../node/control-protocol';

const log = childLogger('control');

/** Listens on the control channel until `stop()`. */
export class ControlChannel {
  private subscriber: Redis | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly handlers: ApiHandlers,
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
    const { id, call, input } = request.data;
    let reply: ControlReply;
    try {
      let value: unknown;
      switch (call) {
        case 'workers:scale':
          value = await this.handlers['workers:scale'](parseInput(apiInputs['workers:scale'], input ?? {}, `input of ${call}`));
          break;
        case 'workers:autoscale':
          value = await this.handlers['workers:autoscale'](parseInput(apiInputs['workers:autoscale'], input ?? {}, `input of ${call}`));
          break;
        case 'workers:list':
          value = await this.handlers['workers:list'](parseInput(apiInputs['workers:list'], input ?? {}, `input of ${call}`));
          break;
      }
      log.info({ call, input }, 'control request done');
      reply = { id, ok: true, value };
    } catch (error) {
      const serialized = serializeError(error);
      reply = { id, ok: false, error: { code: serialized.code, message: serialized.message } };
    }
    await this.redis.publish(CONTROL_REPLY_CHANNEL, JSON.stringify(reply)).catch((error: unknown) => {
      log.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not publish a control reply');
    });
  }
}
