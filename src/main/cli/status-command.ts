/**
 * `semantik status`: workers (pid, device, state, current job), GPUs with their lease holders,
 * queue counts, and each folder's file counts and run, from the running instance.
 */
import { SemantikError } from '../../shared/errors';
import type { FolderInfo, QueueCounts } from '../../shared/monitor-types';
import { readGpuInfo } from '../engine/gpu-status';
import { readHeartbeatWorkers } from '../engine/remote-workers';
import { cliConfig } from './cli-config';
import type { EngineLink } from './connect';
import { controlCall, readControlKey } from './control-client';
import { EXIT } from './exit-codes';
import { instanceDevices, linkOrReport } from './instance-link';
import { printResult } from './output';
import { folderLines, statusFolders } from './status-folders';

/** The latest run of every folder: what `semantik index --detach` queued, and how far it is. */
function latestRuns(
  link: EngineLink,
  summaries: readonly FolderInfo[],
): Array<{
  runId: number;
  folder: string;
  state: 'running' | 'done' | 'failed';
  files: number;
  queued: number;
  indexed: number;
  failed: number;
  chunks: number;
  chunksEmbedded: number;
}> {
  return summaries.flatMap((folder) => {
    const run = folder.run;
    if (!run) return [];
    const error = link.store.getRun(run.runId)?.error;
    const done = run.finishedAt !== null || link.store.isRunComplete(run.runId);
    return [
      {
        runId: run.runId,
        folder: folder.path,
        state: error ? 'failed' : done ? 'done' : 'running',
        files: run.filesSeen,
        queued: run.filesQueued,
        indexed: run.filesIndexed,
        failed: run.filesFailed,
        chunks: run.chunks,
        chunksEmbedded: run.chunksEmbedded,
      },
    ];
  });
}

/** How long the instance has to give its queue counts before the command reads them itself. */
const COUNTS_WAIT_MS = 3_000;

/**
 * The queue counts, from the running instance (no queue library to load here); from the queues
 * themselves when it does not answer in time (an instance of an older version ignores the call).
 */
async function queueCounts(link: EngineLink): Promise<QueueCounts[]> {
  try {
    return (await controlCall(link.redis, readControlKey(link.config.dataDir), 'queues:list', {}, COUNTS_WAIT_MS)) as QueueCounts[];
  } catch (error) {
    if (!(error instanceof SemantikError) || error.code !== 'TIMEOUT') throw error;
    return (await link.queues()).counts();
  }
}

/** Runs the command; returns the exit code (3 when no instance runs). */
export async function statusCommand(options: { json?: boolean; dataDir?: string }): Promise<number> {
  const config = cliConfig(options.dataDir);
  const link = linkOrReport(config, Boolean(options.json));
  if (!link) return EXIT.NO_INSTANCE;
  try {
    const [workers, queues, { gpus, waiters }] = await Promise.all([
      readHeartbeatWorkers(link.redis),
      queueCounts(link),
      instanceDevices(link).then((devices) => readGpuInfo(link.redis, devices)),
    ]);
    // Paused as the engine pauses: the work queues (every queue but the system one).
    const paused = queues.some((queue) => queue.name !== 'system' && queue.paused);
    const rows = workers.map((worker) => ({
      workerId: worker.workerId,
      pid: worker.pid,
      host: worker.lastHeartbeat?.host ?? null,
      state: worker.state,
      device: worker.lastHeartbeat?.device ?? null,
      currentJobs: worker.lastHeartbeat?.active.map((job) => `${job.queue}/${job.id}`) ?? [],
      processed: worker.lastHeartbeat?.processed ?? 0,
      failed: worker.lastHeartbeat?.failed ?? 0,
      retried: worker.lastHeartbeat?.retried ?? 0,
    }));
    const summaries = link.store.folderSummaries();
    const runs = latestRuns(link, summaries);
    const folders = statusFolders(summaries, paused, Date.now());
    const status = {
      running: true,
      dataDir: config.dataDir,
      workers: rows,
      gpus,
      gpuWaiters: waiters,
      queues,
      runs,
      folders,
      store: link.store.counts(),
    };
    printResult(Boolean(options.json), status, () =>
      [
        `Semantik on ${config.dataDir}`,
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
  } finally {
    await link.close();
  }
}
