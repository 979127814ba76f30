/**
 * What `semantik status` shows of a running instance, as the instance answers it: workers with
 * their current jobs, GPUs with their holders, queue counts, each folder's latest run, and each
 * folder's file counts (the same counts the monitor's folder row shows) with the pace of a run that
 * is still going.
 */
import type { FolderInfo, FolderState, GpuStatus, QueueCounts, WorkerInfo } from './monitor-types';
import { runPace, type RunPace } from './run-pace';

/** One worker as status lists it, from its heartbeat. */
export interface StatusWorker {
  workerId: string;
  pid: WorkerInfo['pid'];
  host: string | null;
  state: WorkerInfo['state'];
  device: string | null;
  /** `queue/jobId` of each job it runs. */
  currentJobs: string[];
  processed: number;
  failed: number;
  retried: number;
}

/** The latest run of a folder: what `semantik index --detach` queued, and how far it is. */
export interface StatusRun {
  runId: number;
  folder: string;
  state: 'running' | 'done' | 'failed';
  files: number;
  queued: number;
  indexed: number;
  failed: number;
  chunks: number;
  chunksEmbedded: number;
}

/** The whole status of a running instance. */
export interface InstanceStatus {
  workers: StatusWorker[];
  gpus: GpuStatus['gpus'];
  gpuWaiters: GpuStatus['waiters'];
  queues: QueueCounts[];
  runs: StatusRun[];
  folders: StatusFolder[];
  /** Documents and chunks in the store: all of them, embedded, failed. */
  store: { documents: number; chunks: number; embedded: number; failed: number };
}

/**
 * One folder as `semantik status --json` lists it: the monitor's counts (indexed + failed +
 * skipped + pending = files; once the folder is done, pending is 0), its latest run's id (null for
 * a folder that never ran), and while that run goes on its elapsed time, rate and ETA.
 */
export type StatusFolder = Pick<
  FolderInfo,
  'id' | 'path' | 'state' | 'files' | 'indexed' | 'failed' | 'skipped' | 'pending' | 'chunks' | 'error'
> & {
  runId: number | null;
  progress: RunPace | null;
};

/** Whether a folder's latest run is still going (so that its pace means something). */
function isGoing(state: FolderState): boolean {
  return state === 'scanning' || state === 'indexing' || state === 'paused';
}

/**
 * The status entry of each folder at `now` (ms).
 *
 * `paused` is whether the work queues are paused: a folder still indexing is then shown 'paused',
 * as the monitor shows it.
 */
export function statusFolders(folders: readonly FolderInfo[], paused: boolean, now: number): StatusFolder[] {
  return folders.map((folder) => {
    const state: FolderState = paused && folder.state === 'indexing' ? 'paused' : folder.state;
    return {
      id: folder.id,
      path: folder.path,
      state,
      files: folder.files,
      indexed: folder.indexed,
      failed: folder.failed,
      skipped: folder.skipped,
      pending: folder.pending,
      chunks: folder.chunks,
      error: folder.error,
      runId: folder.run?.runId ?? null,
      progress: folder.run !== null && isGoing(state) ? runPace(folder.run, now) : null,
    };
  });
}
