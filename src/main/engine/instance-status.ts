/**
 * The running instance's status as `semantik status` prints it, read where the instance's Redis
 * and store are at hand: workers from their heartbeats, GPUs with their holders, queue counts, and
 * each folder's counts and latest run.
 */
import type { Redis } from 'ioredis';
import type { FolderInfo, QueueCounts } from '../../shared/monitor-types';
import { statusFolders, type InstanceStatus, type StatusRun } from '../../shared/instance-status';
import type { GpuDevice } from '../../node/gpu/gpu-types';
import type { Store } from '../../node/store/store';
import { readGpuInfo } from './gpu-status';
import { readHeartbeatWorkers } from './remote-workers';

/** What the status is read from. */
export interface StatusSources {
  redis: Redis;
  store: Store;
  devices: readonly GpuDevice[];
  queueCounts(): Promise<QueueCounts[]>;
}

/** The latest run of every folder, and how far it is. */
function latestRuns(store: Store, summaries: readonly FolderInfo[]): StatusRun[] {
  return summaries.flatMap((folder) => {
    const run = folder.run;
    if (!run) return [];
    const error = store.getRun(run.runId)?.error;
    const done = run.finishedAt !== null || store.isRunComplete(run.runId);
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

/** Reads the whole status at `now` (ms). */
export async function readInstanceStatus(sources: StatusSources, now = Date.now()): Promise<InstanceStatus> {
  const { redis, store, devices } = sources;
  const [heartbeats, queues, { gpus, waiters }] = await Promise.all([
    readHeartbeatWorkers(redis, now),
    sources.queueCounts(),
    readGpuInfo(redis, devices),
  ]);
  // Paused as the engine pauses: the work queues (every queue but the system one).
  const paused = queues.some((queue) => queue.name !== 'system' && queue.paused);
  const workers = heartbeats.map((worker) => ({
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
  const summaries = store.folderSummaries();
  return {
    workers,
    gpus,
    gpuWaiters: waiters,
    queues,
    runs: latestRuns(store, summaries),
    folders: statusFolders(summaries, paused, now),
    store: store.counts(),
  };
}
