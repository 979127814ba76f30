/**
 * A call to the running instance over its Redis (see control-protocol.ts), for when its local
 * socket cannot be reached: calls whose input or value may hold paths or passages travel sealed
 * with the payload key.
 */
import { SemantikError } from '../../shared/errors';
import { SEALED_CALLS, type ControlCall } from '../../node/control-protocol';
import { loadJobKeys } from '../../node/jobs/job-keys';
import { seal, unseal } from '../../node/jobs/payload-seal';
import { cliConfig } from './cli-config';
import { controlCall } from './control-client';
import { readControlKey } from './control-key';
import { connectToInstanceRedis } from './instance-redis';

/** The instance's value, or `running: false` when no instance runs on the data folder. */
export type InstanceAnswer = { running: false } | { running: true; value: unknown };

export async function callOverRedis(dataDir: string, call: ControlCall, input: unknown, timeoutMs: number): Promise<InstanceAnswer> {
  const reached = connectToInstanceRedis(cliConfig(dataDir));
  if (!reached) return { running: false };
  try {
    const sealed = SEALED_CALLS.has(call);
    const payloadKey = sealed ? loadJobKeys(dataDir).payload : null;
    const value = await controlCall(reached.redis, readControlKey(dataDir), call, payloadKey ? seal(payloadKey, input) : input, timeoutMs);
    if (payloadKey === null) return { running: true, value };
    if (typeof value !== 'string') throw new SemantikError('INTERNAL', `the running instance answered ${call} unsealed`);
    // Signed with this data folder's control key and sealed with its payload key: the instance's own answer.
    return { running: true, value: unseal(payloadKey, value) };
  } finally {
    reached.redis.disconnect();
  }
}
