/**
 * The dashboard's live series: once a second, throughput (jobs and chunks per second) and failures
 * from the history recorder's counters, GPU stats from the monitor hub's latest snapshot (no extra
 * nvidia-smi), and the broker's ops, memory and oldest waiting job per queue from Redis. Kept in a
 * ring of SERIES_POINTS samples.
 */
import type { Redis } from 'ioredis';
import { QUEUES } from '../../../shared/jobs';
import type { GpuInfo } from '../../../shared/monitor-types';
import type { SeriesSnapshot } from '../../../shared/series';
import { childLogger } from '../../../node/logger';
import { parseRedisInfo } from '../broker-info';
import { jobKey } from '../history/job-digest';
import type { RecorderTotals } from '../history/recorder';
import { QUEUE_PREFIX } from '../../../node/queues';
import { Ring } from './ring';

/** One sample a second. */
export const SERIES_INTERVAL_MS = 1_000;
/** Five minutes of samples. */
export const SERIES_POINTS = 300;

const log = childLogger('series');

interface Sample {
  t: number;
  jobs: number;
  chunks: number;
  failures: number;
  rate: number | null;
  redisOps: number | null;
  redisMemory: number | null;
  oldest: Record<string, number | null>;
  gpus: GpuInfo[];
}

export interface SamplerDeps {
  redis: Redis;
  totals(): Readonly<RecorderTotals>;
  gpus(): Promise<GpuInfo[]>;
}

/** Samples every second into a bounded ring. */
export class SeriesSampler {
  private readonly ring = new Ring<Sample>(SERIES_POINTS);
  private timer: NodeJS.Timeout | null = null;
  private last: { at: number; totals: RecorderTotals } | null = null;
  private sampling = false;

  constructor(private readonly deps: SamplerDeps) {}

  start(): void {
    this.timer = setInterval(() => void this.sample(), SERIES_INTERVAL_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Takes one sample now (also used by tests). */
  async sample(now = Date.now()): Promise<void> {
    if (this.sampling) return;
    this.sampling = true;
    try {
      const totals = { ...this.deps.totals() };
      const previous = this.last;
      this.last = { at: now, totals };
      if (!previous) return;
      const seconds = Math.max(0.001, (now - previous.at) / 1000);
      const done = totals.completed - previous.totals.completed;
      const failed = totals.failed - previous.totals.failed;
      const [broker, oldest, gpus] = await Promise.all([this.broker(), this.oldestWaiting(now), this.deps.gpus().catch(() => [])]);
      this.ring.push({
        t: now,
        jobs: round(done / seconds),
        chunks: round((totals.chunks - previous.totals.chunks) / seconds),
        failures: round(failed / seconds),
        rate: done + failed > 0 ? round(failed / (done + failed)) : null,
        redisOps: broker.ops,
        redisMemory: broker.memory,
        oldest,
        gpus,
      });
    } catch (error) {
      log.warn({ err: error }, 'series sample failed');
    } finally {
      this.sampling = false;
    }
  }

  /** The series as columns, oldest first. */
  snapshot(): SeriesSnapshot {
    const samples = this.ring.toArray();
    const gpuIds = [...new Map(samples.flatMap((s) => s.gpus.map((gpu) => [gpu.id, gpu.name] as const))).entries()];
    return {
      intervalMs: SERIES_INTERVAL_MS,
      t: samples.map((s) => s.t),
      jobsPerSecond: samples.map((s) => s.jobs),
      chunksPerSecond: samples.map((s) => s.chunks),
      failuresPerSecond: samples.map((s) => s.failures),
      failureRate: samples.map((s) => s.rate),
      gpus: gpuIds.map(([id, name]) => {
        const of = (s: Sample): GpuInfo | undefined => s.gpus.find((gpu) => gpu.id === id);
        return {
          id,
          name,
          utilizationPercent: samples.map((s) => of(s)?.utilizationPercent ?? null),
          memoryUsedMiB: samples.map((s) => of(s)?.memoryUsedMiB ?? null),
          temperatureC: samples.map((s) => of(s)?.temperatureC ?? null),
          powerW: samples.map((s) => of(s)?.powerW ?? null),
        };
      }),
      redisOpsPerSecond: samples.map((s) => s.redisOps),
      redisMemoryBytes: samples.map((s) => s.redisMemory),
      oldestWaitingMs: Object.fromEntries(QUEUES.map((queue) => [queue, samples.map((s) => s.oldest[queue] ?? null)])),
    };
  }

  private async broker(): Promise<{ ops: number | null; memory: number | null }> {
    try {
      const info = parseRedisInfo(await this.deps.redis.info());
      return { ops: Number(info.get('instantaneous_ops_per_sec') ?? NaN) || 0, memory: Number(info.get('used_memory') ?? NaN) || null };
    } catch {
      return { ops: null, memory: null };
    }
  }

  /** Age of the job at the head of each queue's wait list (BullMQ takes from the right end). */
  private async oldestWaiting(now: number): Promise<Record<string, number | null>> {
    const heads = await this.deps.redis.pipeline(QUEUES.map((queue) => ['lindex', `${QUEUE_PREFIX}:${queue}:wait`, '-1'])).exec();
    const ids = QUEUES.map((_, i) => {
      const value = heads?.[i]?.[1];
      return typeof value === 'string' ? value : null;
    });
    const stamps = await this.deps.redis
      .pipeline(ids.map((id, i) => ['hget', id ? jobKey(QUEUES[i]!, id) : `${QUEUE_PREFIX}:none`, 'timestamp']))
      .exec();
    return Object.fromEntries(
      QUEUES.map((queue, i) => {
        const stamp = Number(stamps?.[i]?.[1] ?? NaN);
        return [queue, ids[i] === null ? 0 : Number.isFinite(stamp) ? Math.max(0, now - stamp) : null];
      }),
    );
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
