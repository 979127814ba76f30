/**
 * `semantik status`: workers (pid, device, state, current job), GPUs with their lease holders,
 * queue counts, and each folder's file counts and run, as the running instance reads them.
 */
import type { InstanceStatus } from '../../shared/instance-status';
import { cliConfig } from './cli-config';
import { EXIT } from './exit-codes';
import { callInstance } from './instance-call';
import { reportNoInstance } from './no-instance';
import { printResult } from './output';
import { folderLines } from './status-folders';

/** Runs the command; returns the exit code (3 when no instance runs). */
export async function statusCommand(options: { json?: boolean; dataDir?: string }): Promise<number> {
  const { dataDir } = cliConfig(options.dataDir);
  const answer = await callInstance(dataDir, 'status:read');
  if (!answer.running) return reportNoInstance(dataDir, Boolean(options.json));
  const read = answer.value as InstanceStatus;
  const { workers: rows, gpus, gpuWaiters: waiters, runs, folders, queues } = read;
  const status = { running: true, dataDir, ...read };
  printResult(Boolean(options.json), status, () =>
    [
      `Semantik on ${dataDir}`,
      'workers:',
      ...rows.map(
        (row) =>
          `  ${row.workerId} pid ${row.pid} ${row.state} on ${row.device}${row.currentJobs.length ? ` running ${row.currentJobs.join(', ')}` : ''} (${row.processed} done, ${row.failed} failed, ${row.retried} retried)`,
      ),
      gpus.length === 0 ? 'gpus: none found; work runs on the CPU' : 'gpus:',
      ...gpus.map(
        (gpu) =>
          `  ${gpu.id} ${gpu.name}: ${gpu.lease ? `held by ${gpu.lease.workerId ?? gpu.lease.holder} (pid ${gpu.lease.pid ?? '?'}, token ${gpu.lease.fencingToken})` : 'free'}`,
      ),
      ...(gpus.length > 0
        ? [`  waiting for a GPU: ${waiters.length === 0 ? 'nobody' : waiters.map((one) => one.workerId ?? one.owner).join(', ')}`]
        : []),
      runs.length === 0 ? 'runs: none yet' : 'runs (the latest of each folder):',
      ...runs.map(
        (run) =>
          `  run ${run.runId} ${run.folder}: ${run.state}, ${run.indexed + run.failed}/${run.queued} files done (${run.failed} failed, ${run.files} seen), ${run.chunksEmbedded}/${run.chunks} chunks embedded`,
      ),
      ...folderLines(folders),
      'queues:',
      ...queues.map(
        (q) =>
          `  ${q.name}${q.paused ? ' (paused)' : ''}: ${q.waiting} waiting, ${q.active} active, ${q.completed} completed, ${q.failed} failed`,
      ),
    ].join('\n'),
  );
  return EXIT.DONE;
}
