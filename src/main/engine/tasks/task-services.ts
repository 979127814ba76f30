/**
 * The tasks side of the engine composed: the history recorder and reconciler, job actions and aborts,
 * schedules and the live series; started after the worker pool, stopped before it.
 */
import type { Redis } from 'ioredis';
import type { GpuInfo } from '../../../shared/monitor-types';
import type { Store } from '../../../node/store/store';
import type { HistoryReader } from '../history/history-reader';
import { HistoryReconciler } from '../history/reconciler';
import { HistoryRecorder } from '../history/recorder';
import { SeriesSampler } from '../live/series-sampler';
import type { WorkerPool } from '../pool/worker-pool';
import type { QueueSet } from '../queue-set';
import { Schedules } from './schedules';
import { AbortService } from './task-abort';
import { TaskActions } from './task-actions';

export interface TaskServicesDeps {
  redis: Redis;
  store: Store;
  queues: QueueSet;
  pool: WorkerPool;
  /** The history's heavy reads, off the supervisor's thread (owned, and closed, by the engine). */
  reader: HistoryReader;
  retentionDays: number;
  /** True when SEMANTIK_RETENTION_DAYS is set: it then overrides the cleanup schedule's retention. */
  retentionFromEnv: boolean;
  abortGraceMs: number;
  /** The monitor hub's latest GPU stats (so the series add no nvidia-smi calls). */
  gpus(): Promise<GpuInfo[]>;
}

/** Everything the tasks, schedules and series calls need. */
export class TaskServices {
  readonly reader: HistoryReader;
  readonly recorder: HistoryRecorder;
  readonly reconciler: HistoryReconciler;
  readonly aborts: AbortService;
  readonly actions: TaskActions;
  readonly schedules: Schedules;
  readonly series: SeriesSampler;

  constructor(readonly deps: TaskServicesDeps) {
    const { redis, store, queues, pool, reader } = deps;
    this.reader = reader;
    this.recorder = new HistoryRecorder(redis, store, queues);
    this.reconciler = new HistoryReconciler(store, queues, this.recorder);
    this.aborts = new AbortService({ redis, store, queues, pool, recorder: this.recorder, graceMs: deps.abortGraceMs });
    this.actions = new TaskActions({ redis, store, queues, reader, recorder: this.recorder, aborts: this.aborts });
    this.schedules = new Schedules(store, queues, deps.retentionDays, deps.retentionFromEnv);
    this.series = new SeriesSampler({ redis, totals: () => this.recorder.totals, gpus: deps.gpus });
  }

  /** Starts recording (resuming where the last run stopped), the checks, schedules and series. */
  async start(): Promise<void> {
    await this.recorder.start();
    this.reconciler.start();
    await this.schedules.ensureDefaults();
    this.series.start();
  }

  /** Stops everything and writes what the recorder still holds. */
  async stop(): Promise<void> {
    this.series.stop();
    this.aborts.stop();
    await this.reconciler.stop();
    await this.recorder.stop();
  }
}
