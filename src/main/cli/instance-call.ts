/**
 * A call to the running instance, the fast way when it can: its local socket first, then its Redis
 * (a data folder whose socket path is too long for the OS, or an instance that does not listen on
 * one). The Redis client is loaded only in the second case.
 */
import { CONTROL_TIMEOUT_MS, type ControlCall } from '../../node/control-protocol';
import { localControlCall } from './local-control';
import { trace } from './output';
import type { InstanceAnswer } from './redis-call';

/** Runs `call` in the running instance; rejects with the instance's error. */
export async function callInstance(
  dataDir: string,
  call: ControlCall,
  input: unknown = {},
  timeoutMs = CONTROL_TIMEOUT_MS,
): Promise<InstanceAnswer> {
  const local = await localControlCall(dataDir, call, input, timeoutMs);
  if (local.reached) {
    trace(`semantik: ${call} went over the control socket`);
    return { running: true, value: local.value };
  }
  const answer = await (await import('./redis-call')).callOverRedis(dataDir, call, input, timeoutMs);
  if (answer.running) trace(`semantik: ${call} went over Redis`);
  return answer;
}

/** The message for a command that needs a running instance and found none. */
export function noInstanceMessage(dataDir: string): string {
  return `No Semantik instance is running on ${dataDir}; start one with \`semantik serve\``;
}
