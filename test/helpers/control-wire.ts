/**
 * What crosses the running instance's Redis control channels while a test runs commands: every
 * request and reply published there, as text.
 */
import { cliConfig } from '../../src/main/cli/cli-config';
import { connectToInstanceRedis } from '../../src/main/cli/instance-redis';
import { CONTROL_CHANNEL, CONTROL_REPLY_CHANNEL } from '../../src/node/control-protocol';

export interface ControlWire {
  /** The messages published so far. */
  published: string[];
  /** Stops listening (the messages stay). */
  close(): Promise<void>;
}

/** Starts listening on the control channels of the instance running on `dataDir`. */
export async function listenToControlWire(dataDir: string): Promise<ControlWire> {
  const reached = connectToInstanceRedis(cliConfig(dataDir));
  if (!reached) throw new Error('no running instance found on the data folder');
  const listener = reached.redis.duplicate();
  const published: string[] = [];
  listener.on('message', (_channel: string, message: string) => published.push(message));
  await listener.subscribe(CONTROL_CHANNEL, CONTROL_REPLY_CHANNEL);
  return {
    published,
    async close() {
      await listener.quit();
      reached.redis.disconnect();
    },
  };
}
