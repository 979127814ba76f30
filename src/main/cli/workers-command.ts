/**
 * `semantik workers [scale N | autoscale MIN MAX | autoscale off]`: the running instance's pool,
 * changed through its control channel (the same handlers as the tray and the UI).
 */
import type { AutoscaleInfo, WorkerInfo } from '../../shared/monitor-types';
import { SemantikError } from '../../shared/errors';
import { cliConfig } from './cli-config';
import type { ControlCall } from '../../node/control-protocol';
import { callInstance, noInstanceMessage } from './instance-call';
import { printResult } from './output';

export interface WorkersCommandOptions {
  json?: boolean;
  dataDir?: string;
}

/** The running instance's value for `call`; fails plainly when none runs. */
async function poolCall(options: WorkersCommandOptions, call: ControlCall, input: unknown = {}): Promise<unknown> {
  const { dataDir } = cliConfig(options.dataDir);
  const answer = await callInstance(dataDir, call, input);
  if (!answer.running) throw new SemantikError('UNAVAILABLE', noInstanceMessage(dataDir));
  return answer.value;
}

function describe(worker: WorkerInfo): string {
  const jobs = worker.lastHeartbeat?.active.map((job) => `${job.queue}/${job.id}`) ?? [];
  const where = worker.local ? 'local' : `remote on ${worker.lastHeartbeat?.host ?? '?'}`;
  return `  ${worker.workerId} pid ${worker.pid ?? '-'} ${worker.state} (${where})${jobs.length ? ` running ${jobs.join(', ')}` : ''}${worker.lastError ? `: ${worker.lastError.split('\n')[0]}` : ''}`;
}

/** `semantik workers` with no action: lists the workers. */
export async function workersListCommand(options: WorkersCommandOptions): Promise<number> {
  const workers = (await poolCall(options, 'workers:list')) as WorkerInfo[];
  printResult(Boolean(options.json), workers, () => ['workers:', ...workers.map(describe)].join('\n'));
  return 0;
}

/** `semantik workers scale N`. */
export async function workersScaleCommand(count: number, options: WorkersCommandOptions): Promise<number> {
  const result = (await poolCall(options, 'workers:scale', { count })) as { target: number };
  printResult(Boolean(options.json), result, () => `workers: scaling to ${result.target} (extra workers finish or hand back their jobs)`);
  return 0;
}

/** `semantik workers autoscale MIN MAX [--idle S]` or `semantik workers autoscale off`. */
export async function workersAutoscaleCommand(range: string[], options: WorkersCommandOptions & { idle?: number }): Promise<number> {
  const off = range.length === 1 && range[0] === 'off';
  const [min, max] = range.map(Number);
  if (!off && (range.length !== 2 || !Number.isInteger(min) || !Number.isInteger(max))) {
    throw new SemantikError('BAD_INPUT', 'usage: semantik workers autoscale MIN MAX, or semantik workers autoscale off');
  }
  const input = off
    ? { enabled: false }
    : { enabled: true, min, max, ...(options.idle !== undefined ? { idleSeconds: options.idle } : {}) };
  const state = (await poolCall(options, 'workers:autoscale', input)) as AutoscaleInfo;
  printResult(Boolean(options.json), state, () =>
    state.enabled
      ? `autoscale on: ${state.min} to ${state.max} workers, idle ones stop after ${Math.round(state.idleMs / 1000)} s`
      : 'autoscale off',
  );
  return 0;
}
