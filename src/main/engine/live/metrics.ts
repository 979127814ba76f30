/**
 * The numbers behind `GET /metrics`: live queue counts and paused flags (Redis), finished-job
 * counters and the duration histogram (history, so they survive restarts and Redis retention),
 * workers online and busy, GPU stats and lease holders, Redis memory.
 */
import type { MetricFamily, MetricSample } from '../../../shared/series';
import type { MonitorSnapshot, QueueCounts } from '../../../shared/monitor-types';
import { DURATION_BUCKETS_MS } from '../../../node/store/job-history-schema';
import type { JobTotals } from '../../../node/store/job-history';
import type { Store } from '../../../node/store/store';

const QUEUE_STATES: Array<[keyof QueueCounts, string]> = [
  ['waiting', 'waiting'],
  ['prioritized', 'prioritized'],
  ['delayed', 'delayed'],
  ['active', 'active'],
  ['completed', 'completed'],
  ['failed', 'failed'],
  ['waitingChildren', 'waiting-children'],
];

function family(name: string, help: string, type: MetricFamily['type'], samples: MetricSample[]): MetricFamily {
  return { name, help, type, samples };
}

/** Builds every metric family from the store and a monitor snapshot. */
export function collectMetrics(store: Store, snapshot: MonitorSnapshot): MetricFamily[] {
  return [
    ...queueFamilies(snapshot),
    ...jobFamilies(store),
    ...workerFamilies(snapshot),
    ...gpuFamilies(snapshot),
    ...redisFamilies(snapshot),
  ];
}

/** Jobs in Redis per queue and state, and the queues' paused flags. */
function queueFamilies(snapshot: MonitorSnapshot): MetricFamily[] {
  const queues = snapshot.queues;
  return [
    family(
      'semantik_queue_jobs',
      'Jobs in Redis per queue and state, now.',
      'gauge',
      queues.flatMap((queue) => QUEUE_STATES.map(([key, state]) => ({ labels: { queue: queue.name, state }, value: Number(queue[key]) }))),
    ),
    family(
      'semantik_queue_paused',
      'Whether the queue is paused (1) or not (0).',
      'gauge',
      queues.map((queue) => ({ labels: { queue: queue.name }, value: queue.paused ? 1 : 0 })),
    ),
  ];
}

/** From the history: finished attempts, the duration histogram, and the records per state. */
function jobFamilies(store: Store): MetricFamily[] {
  const history = store.history();
  const totals = history.totals();
  const durations = durationSamples(history.durationBuckets(), totals);
  const recorded = history.counts({});
  return [
    family(
      'semantik_jobs_finished',
      'Finished job attempts per queue and outcome, since the data folder was created.',
      'counter',
      totals.map((one) => ({ suffix: '_total', labels: { queue: one.queue, state: one.state }, value: one.n })),
    ),
    family('semantik_job_duration_seconds', 'Run time of completed jobs per queue.', 'histogram', durations),
    family(
      'semantik_history_jobs',
      'Job records in the history per state.',
      'gauge',
      Object.entries(recorded).map(([state, n]) => ({ labels: { state }, value: n })),
    ),
  ];
}

/** The duration histogram's samples per queue: cumulative buckets (the store keeps counts per bucket), sum and count. */
function durationSamples(buckets: Map<string, number[]>, totals: readonly JobTotals[]): MetricSample[] {
  const samples: MetricSample[] = [];
  for (const [queue, counts] of buckets) {
    let cumulative = 0;
    DURATION_BUCKETS_MS.forEach((bound, i) => {
      cumulative += counts[i] ?? 0;
      samples.push({ suffix: '_bucket', labels: { queue, le: String(bound / 1000) }, value: cumulative });
    });
    cumulative += counts[DURATION_BUCKETS_MS.length] ?? 0;
    samples.push({ suffix: '_bucket', labels: { queue, le: '+Inf' }, value: cumulative });
    const sumMs = totals.find((one) => one.queue === queue && one.state === 'completed')?.durationSumMs ?? 0;
    samples.push({ suffix: '_sum', labels: { queue }, value: sumMs / 1000 });
    samples.push({ suffix: '_count', labels: { queue }, value: cumulative });
  }
  return samples;
}

/** Worker processes online, busy, and each one's busy flag. */
function workerFamilies(snapshot: MonitorSnapshot): MetricFamily[] {
  const workers = snapshot.workers.filter((worker) => worker.state !== 'offline' && worker.state !== 'crashed');
  const busy = workers.filter((worker) => worker.state === 'busy');
  return [
    family('semantik_workers_online', 'Worker processes online (local and remote).', 'gauge', [{ labels: {}, value: workers.length }]),
    family('semantik_workers_busy', 'Worker processes running at least one job.', 'gauge', [{ labels: {}, value: busy.length }]),
    family(
      'semantik_worker_busy',
      'Per online worker: running a job (1) or idle (0).',
      'gauge',
      workers.map((worker) => ({ labels: { worker: worker.workerId }, value: worker.state === 'busy' ? 1 : 0 })),
    ),
  ];
}

/** Redis's memory, clients and load (no samples when the broker's numbers are not known). */
function redisFamilies(snapshot: MonitorSnapshot): MetricFamily[] {
  const broker = snapshot.broker;
  const gauge = (name: string, help: string, pick: (info: NonNullable<typeof broker>) => number): MetricFamily =>
    family(name, help, 'gauge', broker ? [{ labels: {}, value: pick(broker) }] : []);
  return [
    gauge('semantik_redis_memory_used_bytes', 'Memory Redis uses.', (info) => info.usedMemoryBytes),
    gauge('semantik_redis_memory_peak_bytes', 'Peak memory Redis used.', (info) => info.peakMemoryBytes),
    gauge('semantik_redis_memory_max_bytes', 'Redis maxmemory (0: no limit).', (info) => info.maxMemoryBytes),
    gauge('semantik_redis_connected_clients', 'Clients connected to Redis.', (info) => info.connectedClients),
    gauge('semantik_redis_ops_per_second', 'Redis commands per second.', (info) => info.opsPerSecond),
  ];
}

function gpuFamilies(snapshot: MonitorSnapshot): MetricFamily[] {
  const gpus = snapshot.gpus;
  const waiters = snapshot.gpuWaiters ?? [];
  const each = (pick: (gpu: (typeof gpus)[number]) => number | null): MetricSample[] =>
    gpus.flatMap((gpu) => {
      const value = pick(gpu);
      return value === null ? [] : [{ labels: { gpu: gpu.id, name: gpu.name }, value }];
    });
  const MIB = 1024 * 1024;
  return [
    family(
      'semantik_gpu_utilization_ratio',
      'GPU utilisation (0 to 1).',
      'gauge',
      each((gpu) => (gpu.utilizationPercent === null ? null : gpu.utilizationPercent / 100)),
    ),
    family(
      'semantik_gpu_memory_used_bytes',
      'GPU memory in use.',
      'gauge',
      each((gpu) => (gpu.memoryUsedMiB === null ? null : gpu.memoryUsedMiB * MIB)),
    ),
    family(
      'semantik_gpu_memory_total_bytes',
      'GPU memory in total.',
      'gauge',
      each((gpu) => (gpu.memoryTotalMiB === null ? null : gpu.memoryTotalMiB * MIB)),
    ),
    family(
      'semantik_gpu_temperature_celsius',
      'GPU temperature.',
      'gauge',
      each((gpu) => gpu.temperatureC),
    ),
    family(
      'semantik_gpu_power_watts',
      'GPU power draw.',
      'gauge',
      each((gpu) => gpu.powerW),
    ),
    family(
      'semantik_gpu_lease_held',
      'Whether a worker process holds the GPU (1, with the holder, its worker and pid) or not (0).',
      'gauge',
      gpus.map((gpu) => ({
        labels: {
          gpu: gpu.id,
          holder: gpu.lease?.holder ?? '',
          worker: gpu.lease?.workerId ?? '',
          pid: gpu.lease?.pid === null || gpu.lease?.pid === undefined ? '' : String(gpu.lease.pid),
        },
        value: gpu.lease ? 1 : 0,
      })),
    ),
    family(
      'semantik_gpu_lease_jobs',
      'Jobs of the holder using the GPU now (0 while it keeps the device idle or it is free).',
      'gauge',
      gpus.map((gpu) => ({ labels: { gpu: gpu.id }, value: gpu.lease?.jobIds.length ?? 0 })),
    ),
    family(
      'semantik_gpu_waiting_workers',
      'Worker processes waiting for a GPU: one list for all devices.',
      'gauge',
      gpus.length === 0 ? [] : [{ labels: {}, value: waiters.length }],
    ),
    family(
      'semantik_gpu_waiter_seconds',
      'How long each waiting worker process has waited for a GPU.',
      'gauge',
      waiters.map((waiter) => ({
        labels: { worker: waiter.workerId ?? waiter.owner, pid: waiter.pid ? String(waiter.pid) : '' },
        value: Math.max(0, snapshot.at - waiter.since) / 1000,
      })),
    ),
  ];
}
