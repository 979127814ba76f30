/**
 * The control channel over Redis pub/sub (see control-protocol.ts): for a CLI that cannot reach
 * the local socket. Requests come on one channel, signed replies go back on another.
 */
import type { Redis } from 'ioredis';
import { childLogger } from '../../node/logger';
import { CONTROL_CHANNEL, CONTROL_REPLY_CHANNEL } from '../../node/control-protocol';
import type { ControlDispatcher } from './control-dispatch';

const log = childLogger('control');

/** Listens on the control channel until `stop()`. */
export class ControlChannel {
  private subscriber: Redis | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly dispatcher: ControlDispatcher,
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
    const reply = await this.dispatcher.answer(text, 'redis');
    if (reply === null) return;
    await this.redis.publish(CONTROL_REPLY_CHANNEL, JSON.stringify(reply)).catch((error: unknown) => {
      log.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not publish a control reply');
    });
  }
}
