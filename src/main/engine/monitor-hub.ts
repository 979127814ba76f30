/**
 * The monitor hub: builds the snapshot the UIs show (folders, workers, GPUs, queues, broker),
 * pushes it when it changes, coalesced to at most TICK_MS apart, and finishes runs whose work is
 * done.
 */
import type { Redis } from 'ioredis';
import type { ApiEvents } from '../../shared/api';
import type { AutoscaleInfo, BrokerInfo, FolderInfo, GpuStatus, MonitorSnapshot, WorkerInfo } from '../../shared/monitor-types';
import { childLogger } from '../../node/logger';
import type { Store } from '../../node/store/store';
import { readBrokerInfo } from './broker-info';
import { FolderReads, type FoldersAsOf } from './folder-reads';
import type { QueueSet } from './queue-set';
import { readHeartbeatWorkers } from './remote-workers';
import { RunRates } from './run-rates';
import type { WorkerPool } from './pool/worker-pool';

/** At most five updates a second (the limit is about ten), none when nothing changes. */
export const TICK_MS = 200;
/** Slow facts (Redis INFO, GPU stats) are refreshed this often. */
const SLOW_MS = 2_000;

const log = childLogger('monitor');

export interface MonitorDeps {
  store: Store;
  pool: WorkerPool;
  queues: QueueSet;
  redis: Redis;
  externalRedis: boolean;
  maxWorkers: number;
  gpus(): Promise<GpuStatus>;
  /** The autoscale mode, shown in the workers view. @defaultValue not reported */
  autoscale?(): AutoscaleInfo;
  emit<E extends keyof ApiEvents>(event: E, payload: ApiEvents[E]): void;
}

/** Keeps the latest snapshot and pushes changes. */
export class MonitorHub {
  private latest: MonitorSnapshot | null = null;
  private lastJson = '';
  private timer: NodeJS.Timeout | null = null;
  private building = false;
  private broker: BrokerInfo | null = null;
  private gpuCache: GpuStatus = { gpus: [], waiters: [] };
  private slowAt = 0;
  private readonly rates = new RunRates();
  private readonly folderReads: FolderReads;

  constructor(private readonly deps: MonitorDeps) {
    this.folderReads = new FolderReads(deps.store);
  }

  start(): void {
    this.timer = setInterval(() => void this.tick(), TICK_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The current snapshot, built now if none exists yet. */
  async snapshot(): Promise<MonitorSnapshot> {
    return this.latest ?? (await this.build());
  }

  /**
   * Builds a snapshot. API calls that must not be stale build it `fresh`: the folders are read
   * again whenever the store changed; the periodic push may show them a little late on a large
   * index (see folder-reads.ts).
   */
  async build(fresh = true): Promise<MonitorSnapshot> {
    const { pool, queues, redis } = this.deps;
    const now = Date.now();
    if (now - this.slowAt > SLOW_MS) {
      this.slowAt = now;
      [this.broker, this.gpuCache] = await Promise.all([
        readBrokerInfo(redis, this.deps.externalRedis).catch(() => null),
        this.deps.gpus().catch((error: unknown) => {
          log.warn({ err: error }, 'GPU status unavailable');
          return this.gpuCache;
        }),
      ]);
    } else {
      this.gpuCache = await this.deps.gpus().catch(() => this.gpuCache);
    }
    const { folders: read, asOf } = this.finishCompletedRuns(fresh ? this.folderReads.latest() : this.folderReads.current());
    // Rates are sampled at the time the counts were read, not when they are shown again.
    const folders = read.map((folder) => (folder.run ? { ...folder, run: this.rates.annotate(folder.run, asOf) } : folder));
    const [queueCounts, paused, heartbeatWorkers] = await Promise.all([
      queues.counts(),
      queues.isPaused(),
      readHeartbeatWorkers(redis, now),
    ]);
    const local = pool.info();
    const localIds = new Set(local.map((worker) => worker.workerId));
    const workers: WorkerInfo[] = [...local, ...heartbeatWorkers.filter((worker) => !localIds.has(worker.workerId))];
    const snapshot: MonitorSnapshot = {
      at: now,
      folders: folders.map((folder) => (paused && folder.state === 'indexing' ? { ...folder, state: 'paused' } : folder)),
      workers,
      gpus: this.gpuCache.gpus,
      gpuWaiters: this.gpuCache.waiters,
      queues: queueCounts,
      broker: this.broker,
      paused,
      targetWorkers: pool.targetCount,
      maxWorkers: this.deps.maxWorkers,
      cpuOnly: this.gpuCache.gpus.length === 0,
      ...(this.deps.autoscale ? { autoscale: this.deps.autoscale() } : {}),
    };
    this.latest = snapshot;
    return snapshot;
  }

  /**
   * Finishes the runs whose work is done, and returns the folders as they are then. A run is
   * finished and announced from folders read at that moment: the counts of a read made a little
   * earlier may fall short of the final ones, and may still hold a folder removed since.
   */
  private finishCompletedRuns(read: FoldersAsOf): FoldersAsOf {
    const { store } = this.deps;
    const completed = (folder: FolderInfo): boolean =>
      folder.run !== null && folder.run.finishedAt === null && store.isRunComplete(folder.run.runId);
    if (!read.folders.some(completed)) return read;
    for (const folder of this.folderReads.latest().folders) {
      const run = folder.run;
      if (!run || !completed(folder)) continue;
      store.finishRun(run.runId);
      this.deps.emit('folder:finished', { folderId: folder.id, path: folder.path, indexed: run.filesIndexed, failed: run.filesFailed });
    }
    // Finishing changed the store: the folders' states are read again.
    return this.folderReads.latest();
  }

  private async tick(): Promise<void> {
    if (this.building) return;
    this.building = true;
    try {
      const snapshot = await this.build(false);
      // Compare without the timestamp: push only when something a person would see changed.
      const json = JSON.stringify({ ...snapshot, at: 0 });
      if (json !== this.lastJson) {
        this.lastJson = json;
        this.deps.emit('monitor:update', snapshot);
      }
    } catch (error) {
      log.warn({ err: error }, 'monitor tick failed');
    } finally {
      this.building = false;
    }
  }
}
