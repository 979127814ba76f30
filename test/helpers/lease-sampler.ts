/**
 * Samples the GPU lease state straight from Redis every few milliseconds while a test runs, and
 * checks what the samples show: which worker process held which device when, who waited.
 */
import type { RunningEngine } from '../../src/main/engine/engine';
import { simulatedGpus } from '../../src/node/gpu/detect-gpus';
import { parseOwner } from '../../src/node/gpu/gpu-lease-keys';
import { gpuLeaseStatus } from '../../src/node/gpu/gpu-lease-status';

/** One device's holder in one sample: the worker process, its grant, the token of the current turn. */
export interface HeldSample {
  deviceId: string;
  /** `<workerId>:<pid>` of the holding process. */
  process: string;
  /** When the lease was granted: one grant of the device to one process. */
  since: number;
  token: number;
  jobIds: string[];
  idle: boolean;
}

export interface LeaseSample {
  at: number;
  held: HeldSample[];
  /** Waiting owners (`<workerId>:<pid>:*`) with their join times and jobs. */
  waiters: Array<{ process: string; since: number; jobIds: string[] }>;
}

/** A running sampler: `stop()` ends it and returns every sample taken. */
export interface LeaseSampler {
  /** The samples taken so far (the sampler goes on). */
  peek(): readonly LeaseSample[];
  stop(): Promise<LeaseSample[]>;
}

function processOf(owner: string): string {
  const parts = parseOwner(owner);
  return parts.pid === null ? parts.workerId : `${parts.workerId}:${parts.pid}`;
}

/** Starts sampling `devices` simulated devices every `everyMs`. */
export function sampleLeases(engine: RunningEngine, devices: number, everyMs = 25): LeaseSampler {
  const samples: LeaseSample[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const status = await gpuLeaseStatus(engine.redis, simulatedGpus(devices));
      samples.push({
        at: Date.now(),
        held: status.devices.flatMap(({ deviceId, lease }) =>
          lease
            ? [
                {
                  deviceId,
                  process: processOf(lease.holder),
                  since: lease.since,
                  token: lease.fencingToken,
                  jobIds: lease.jobIds,
                  idle: lease.idle,
                },
              ]
            : [],
        ),
        waiters: status.waiters.map((waiter) => ({ process: processOf(waiter.owner), since: waiter.since, jobIds: waiter.jobIds })),
      });
      await new Promise((done) => setTimeout(done, everyMs));
    }
  })();
  return {
    peek: () => samples,
    async stop() {
      running = false;
      await loop;
      return samples;
    },
  };
}

/** Throws if any sample shows one worker process holding two devices; returns how many samples held a device. */
export function assertOneDevicePerProcess(samples: readonly LeaseSample[]): number {
  let held = 0;
  for (const sample of samples) {
    const processes = sample.held.map((one) => one.process);
    if (new Set(processes).size !== processes.length) {
      throw new Error(`at ${sample.at} one process held two devices: ${JSON.stringify(sample.held)}`);
    }
    if (sample.held.length > 0) held += 1;
  }
  return held;
}

/** One grant of a device to a process, as the samples saw it. */
export interface Tenure {
  deviceId: string;
  process: string;
  since: number;
  firstSeen: number;
  lastSeen: number;
  tokens: number[];
}

/**
 * Each device's grants in order. Throws unless every grant is seen over one unbroken stretch of
 * samples (a device's holder changes only when a grant ends and the next begins, never back and
 * forth within one grant), under one process, with turn tokens that only grow.
 */
export function tenures(samples: readonly LeaseSample[]): Map<string, Tenure[]> {
  const byDevice = new Map<string, Tenure[]>();
  for (const sample of samples) {
    for (const held of sample.held) {
      const list = byDevice.get(held.deviceId) ?? [];
      byDevice.set(held.deviceId, list);
      const last = list[list.length - 1];
      if (last && last.since === held.since && last.process === held.process) {
        if (held.token < last.tokens[last.tokens.length - 1]!) throw new Error(`${held.deviceId}: token went back to ${held.token}`);
        if (!last.tokens.includes(held.token)) last.tokens.push(held.token);
        last.lastSeen = sample.at;
        continue;
      }
      if (list.some((one) => one.since === held.since && one.process === held.process)) {
        throw new Error(`${held.deviceId}: the grant to ${held.process} at ${held.since} came back after another holder`);
      }
      if (last && held.since < last.since) throw new Error(`${held.deviceId}: a grant at ${held.since} after one at ${last.since}`);
      if (last && held.token <= last.tokens[last.tokens.length - 1]!) {
        throw new Error(`${held.deviceId}: new holder ${held.process} with token ${held.token}, not above ${last.tokens.join(',')}`);
      }
      list.push({
        deviceId: held.deviceId,
        process: held.process,
        since: held.since,
        firstSeen: sample.at,
        lastSeen: sample.at,
        tokens: [held.token],
      });
    }
  }
  return byDevice;
}

/** A completed embed task's span on a device, as its result reports it. */
export interface TaskSpan {
  workerId: string;
  deviceId: string;
  token: number;
  startedAt: number;
  finishedAt: number;
}

/**
 * Where a task's turn falls among a device's sampled grants, by its fencing token (one counter per
 * device, so tokens only grow, and a token names one turn of one grant): the last grant that began
 * at or before the token, and whether the samples saw that grant on both sides of it (then the
 * turn was surely that grant's). Clock times would not do: a task of a few milliseconds that ends
 * just before a hand-over starts within any slack of the next grant.
 */
function tenureOf(list: readonly Tenure[], token: number): { at: number; inside: boolean } {
  const at = list.findLastIndex((tenure) => tenure.tokens[0]! <= token);
  const tenure = list[at];
  return { at, inside: tenure !== undefined && token <= tenure.tokens[tenure.tokens.length - 1]! };
}

/**
 * Throws unless every task ran under a grant of its device to its own worker, started after that
 * grant began and finished before the device's next grant began: a device changes hands only once
 * its holder's tasks on it are done. A turn after the last one sampled of a grant may belong to it
 * or to a grant no sample saw: of the same worker, it is checked against the next sampled grant; of
 * another, it is skipped. Returns how many tasks were checked.
 */
export function assertHandOvers(byDevice: Map<string, Tenure[]>, spans: readonly TaskSpan[], slackMs = 20): number {
  let checked = 0;
  for (const span of spans) {
    const list = byDevice.get(span.deviceId) ?? [];
    const { at, inside } = tenureOf(list, span.token);
    const tenure = list[at];
    if (tenure === undefined) continue;
    const own = tenure.process.startsWith(`${span.workerId}:`);
    if (!inside && !own) continue;
    if (!own) {
      throw new Error(
        `${span.deviceId}: a task of ${span.workerId} (token ${span.token}) ran during ${tenure.process}'s grant (tokens ${tenure.tokens.join(',')})`,
      );
    }
    if (span.startedAt < tenure.since - slackMs) {
      throw new Error(`${span.deviceId}: a task of ${span.workerId} started at ${span.startedAt}, before its grant at ${tenure.since}`);
    }
    const next = list[at + 1];
    if (next && span.finishedAt > next.since + slackMs) {
      throw new Error(
        `${span.deviceId}: ${next.process} got the device at ${next.since}, before ${span.workerId}'s task ended at ${span.finishedAt}`,
      );
    }
    checked += 1;
  }
  return checked;
}
