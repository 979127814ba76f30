/**
 * `semantik gpus`: every device of the running instance with its one holder (worker, pid, the jobs
 * using it), since when, fencing token, live utilisation and memory, and memory before and after
 * the last sampled task; then the one wait list (workers, their jobs, how long they have waited).
 */
import type { GpuInfo, GpuStatus } from '../../shared/monitor-types';
import { cliConfig } from './cli-config';
import { callInstance } from './instance-call';
import { reportNoInstance } from './no-instance';
import { EXIT } from './exit-codes';
import { printResult } from './output';

function age(ms: number): string {
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 60_000)} min`;
}

function describe(gpu: GpuInfo, now: number): string[] {
  const lease = gpu.lease;
  const jobs = lease && lease.jobIds.length > 0 ? `, jobs ${lease.jobIds.join(', ')}` : lease?.idle ? ', idle' : '';
  const holder = lease
    ? `held by ${lease.workerId ?? lease.holder} (pid ${lease.pid ?? '?'}${jobs}) for ${age(now - lease.since)}, token ${lease.fencingToken}`
    : 'free';
  const memory = gpu.memoryUsedMiB !== null ? `, ${gpu.memoryUsedMiB}/${gpu.memoryTotalMiB ?? '?'} MiB` : '';
  const util = gpu.utilizationPercent !== null ? `, ${gpu.utilizationPercent}% busy` : '';
  const task = gpu.taskMemory
    ? [
        `    last task: ${gpu.taskMemory.beforeMiB ?? '?'} MiB before, ${gpu.taskMemory.afterMiB ?? '?'} MiB after${gpu.taskMemory.released ? ' (session released)' : ''} (${gpu.taskMemory.source})`,
      ]
    : [];
  return [`  ${gpu.id} ${gpu.name}: ${holder}${util}${memory}`, ...task];
}

/** Runs the command; returns the exit code (3 when no instance runs). */
export async function gpusCommand(options: { json?: boolean; dataDir?: string }): Promise<number> {
  const { dataDir } = cliConfig(options.dataDir);
  const answer = await callInstance(dataDir, 'gpus:status');
  if (!answer.running) return reportNoInstance(dataDir, Boolean(options.json));
  const { gpus, waiters } = answer.value as GpuStatus;
  const now = Date.now();
  printResult(Boolean(options.json), { running: true, at: now, gpus, waiters }, () =>
    gpus.length === 0
      ? 'No GPUs: work runs on the CPU.'
      : [
          'gpus:',
          ...gpus.flatMap((gpu) => describe(gpu, now)),
          waiters.length === 0 ? 'waiting: nobody' : 'waiting (first come, first served):',
          ...waiters.map(
            (waiter) =>
              `  ${waiter.workerId ?? waiter.owner} (pid ${waiter.pid ?? '?'}${waiter.jobIds.length ? `, jobs ${waiter.jobIds.join(', ')}` : ''}) for ${age(waiter.waitingMs ?? 0)}`,
          ),
        ].join('\n'),
  );
  return EXIT.DONE;
}
