/**
 * Entry of a worker process: runs BullMQ workers for its queues until told to stop.
 *
 * Started by the supervisor's pool (config in SEMANTIK_WORKER_CONFIG) or by `semantik worker` on
 * another machine. Holds no state the supervisor depends on: killed at any instant, its jobs come
 * back through BullMQ's stalled-job check and its GPU lease lapses.
 */
import { Job, Worker } from 'bullmq';
import { QUEUES, type QueueName } from '../shared/jobs';
import { serializeError } from '../shared/errors';
import { parseInput } from '../shared/validate';
import {
  supervisorMessageSchema,
  workerConfigSchema,
  type WorkerConfig,
  type WorkerMessage,
  type WorkerState,
} from '../shared/worker-protocol';
import { childLogger, type Logger } from '../node/logger';
import { WORKERS_KEY } from '../node/heartbeat-key';
import { QUEUE_PREFIX, workerOptionsFor } from '../node/queues';
import { startHeartbeats } from './heartbeat';
import { AbortListener, abortable, type AbortableProcessor } from './job-abort';
import { JobGuards } from './job-guard';
import { trusted } from './job-trust';
import { onParentGone, onParentMessage, sendToParent } from './parent-channel';
import { processEmbed } from './processors/embed';
import { processExtract } from './processors/extract';
import { processIngest } from './processors/ingest';
import { processScan } from './processors/scan';
import { processSystem } from './processors/system';
import { WorkerContext } from './worker-context';

const STOP_GRACE_DEFAULT_MS = 30_000;
/** After handing its jobs back, how long a stopping worker waits for their processors to return. */
const HANDBACK_WAIT_MS = 5_000;
/**
 * An orphan (its supervisor died) finishes what it can in this grace, then hands the rest back.
 * Its Redis usually goes with the supervisor, so there is little point waiting longer.
 */
const ORPHAN_GRACE_MS = 5_000;
/**
 * An orphan exits after this long whatever it waits on (a Redis that is gone for good never answers
 * a hand-back); its unfinished jobs return through BullMQ's stalled-job check, so nothing is lost.
 */
const ORPHAN_EXIT_MS = 15_000;

function processorFor(ctx: WorkerContext, queue: QueueName): AbortableProcessor {
  switch (queue) {
    case 'scan':
      return (job) => processScan(ctx, job);
    case 'extract':
      return (job) => processExtract(ctx, job);
    case 'embed':
      return (job, signal) => processEmbed(ctx, job, signal);
    case 'ingest':
      return (job) => processIngest(ctx, job);
    case 'system':
      return (job, signal) => processSystem(ctx, job, signal);
  }
}

/** Runs a worker process with the given raw config (JSON); resolves when it has stopped. */
export async function runWorker(rawConfig: string): Promise<void> {
  const config = parseInput(workerConfigSchema, JSON.parse(rawConfig), 'worker config');
  const log = childLogger('worker', { worker: config.workerId });
  const ctx = new WorkerContext(config);
  const status: { state: WorkerState } = { state: 'starting' };
  const queues = config.queues.filter((name): name is QueueName => (QUEUES as readonly string[]).includes(name));
  // Soft time limit and hand-back on stop (job-guard.ts), around the abort wrapper.
  const guards = new JobGuards(config.taskTimeLimitMs, (queue, id, line) => Job.addJobLog(ctx.queue(queue as QueueName), id, line));
  const workers = queues.map((queue) => startQueueWorker(ctx, queue, guards, log));
  await Promise.all(workers.map((worker) => worker.waitUntilReady()));
  // The worker of each queue, for abort requests. queues and workers are built in the same order.
  const aborts = new AbortListener(ctx.redis, new Map(queues.map((queue, i) => [queue, workers[i]!])));
  await aborts.start();
  const startedAt = Date.now();
  const heartbeats = startHeartbeats(ctx, () => status.state, startedAt);
  status.state = 'idle';
  await new Promise<void>((resolveStop) => {
    listenForStop({ config, log, queues, workers, guards, status }, resolveStop);
    void heartbeats.beat().catch(() => undefined);
  });
  await guards.settled();
  heartbeats.stop();
  aborts.stop();
  await ctx.redis.hdel(WORKERS_KEY, config.workerId).catch(() => 0);
  await ctx.close();
  sendToParent({ type: 'stopped' } satisfies WorkerMessage);
}

/** The BullMQ worker of one queue, its jobs guarded, counted in the process's stats and logged when they fail. */
function startQueueWorker(ctx: WorkerContext, queue: QueueName, guards: JobGuards, log: Logger): Worker {
  const { config } = ctx;
  // abortable(): an aborted job fails at once, whatever its processor does (see job-abort.ts);
  // trusted(): local queues run only signed jobs, and errors leave sealed (see job-trust.ts).
  const worker = new Worker(queue, guards.wrap(abortable(ctx, queue, trusted(ctx, queue, processorFor(ctx, queue)))), {
    connection: ctx.connection,
    prefix: QUEUE_PREFIX,
    // Recorded on each job as `processedBy`: the monitor's worker column.
    name: config.workerId,
    // Extract reads files and embed prepares batches while another runs; the others write to
    // SQLite or walk folders, where one at a time per process is enough.
    // Embed concurrency comes from the pool, which spreads the GPUs over its workers.
    concurrency: queue === 'embed' ? (config.embedConcurrency ?? config.concurrency) : queue === 'extract' ? config.concurrency : 1,
    ...workerOptionsFor(queue),
  });
  worker.on('active', (job) => {
    ctx.stats.active.set(job.id ?? '', { id: job.id ?? '', queue, name: job.name, startedAt: Date.now() });
  });
  worker.on('completed', (job) => {
    ctx.stats.processed += 1;
    ctx.stats.active.delete(job.id ?? '');
  });
  worker.on('failed', (job, error) => {
    // BullMQ emits 'failed' for every failed attempt, after counting it in attemptsMade; one with
    // attempts left (and not unrecoverable) is back in the queue, so it counts as retried.
    const retrying = job !== undefined && job.attemptsMade < (job.opts.attempts ?? 1) && error.name !== 'UnrecoverableError';
    if (retrying) ctx.stats.retried += 1;
    else ctx.stats.failed += 1;
    if (job) ctx.stats.active.delete(job.id ?? '');
    log.warn({ queue, job: job?.id, err: error.message }, 'job failed');
  });
  worker.on('error', (error) => log.error({ queue, err: error.message }, 'worker error'));
  return worker;
}

/** A started worker process: what its stop needs. */
interface RunningWorker {
  config: WorkerConfig;
  log: Logger;
  /** The queues it works on, in the order of `workers`. */
  queues: QueueName[];
  workers: Worker[];
  guards: JobGuards;
  /** What the heartbeats report. */
  status: { state: WorkerState };
}

/**
 * Listens for what stops the worker (the supervisor's stop, a signal, the supervisor's death) and
 * for the supervisor's concurrency changes, then tells the supervisor it is ready. `stopped` is
 * called once the BullMQ workers are closed.
 */
function listenForStop(run: RunningWorker, stopped: () => void): void {
  const { config, log, queues, workers } = run;
  let stopping = false;
  const stop = (graceMs: number): void => {
    if (stopping) return;
    stopping = true;
    run.status.state = 'stopping';
    closeWorkers(run, graceMs, stopped);
  };
  onParentMessage((raw) => {
    const message = supervisorMessageSchema.safeParse(raw);
    if (message.success && message.data.type === 'stop') stop(message.data.graceMs);
    else if (message.success && message.data.type === 'concurrency') {
      const embed = workers[queues.indexOf('embed')];
      if (embed) embed.concurrency = message.data.embed;
    } else if (!message.success) log.warn({ raw }, 'ignored a malformed message from the supervisor');
  });
  process.on('SIGTERM', () => stop(STOP_GRACE_DEFAULT_MS));
  process.on('SIGINT', () => stop(STOP_GRACE_DEFAULT_MS));
  // A closed terminal signals its whole process group, this worker included.
  process.on('SIGHUP', () => stop(STOP_GRACE_DEFAULT_MS));
  // The supervisor died: stop rather than run orphaned, and never outlive it for long.
  // (Nothing more is logged here: stderr was a pipe to the supervisor, and no one reads it now.)
  onParentGone(() => {
    stop(ORPHAN_GRACE_MS);
    setTimeout(() => process.exit(1), ORPHAN_EXIT_MS).unref();
  });
  // Ready only once the listeners above exist: the supervisor answers "ready" at once (its embed
  // plan, or a stop asked for while this worker started), and a message with no listener is lost.
  sendToParent({ type: 'ready', workerId: config.workerId, pid: process.pid } satisfies WorkerMessage);
}

/** Closes the workers once their current jobs are done, or past `graceMs` without waiting; then calls `closed`. */
function closeWorkers({ log, workers, guards }: RunningWorker, graceMs: number, closed: () => void): void {
  log.info({ graceMs }, 'stopping: finishing current jobs');
  // Past the grace period, hand the running jobs back to their queues (no attempt used), then
  // close without waiting; a job that could not be handed back returns when its lock lapses
  // (BullMQ's stalled-job check), so nothing is lost.
  const forceClose = (): void =>
    void Promise.all(workers.map((worker) => worker.close(true))).then(
      () => closed(),
      () => closed(),
    );
  const force = setTimeout(() => {
    void guards.handBack().then((count) => {
      if (count > 0) log.info({ count }, 'handed unfinished jobs back to their queues');
      setTimeout(forceClose, count > 0 ? HANDBACK_WAIT_MS : 0).unref();
    });
  }, graceMs);
  void Promise.all(workers.map((worker) => worker.close())).then(
    () => {
      clearTimeout(force);
      closed();
    },
    () => closed(),
  );
}

// Started as a process (not imported by a test): read the config from the environment.
if (process.env.SEMANTIK_WORKER_CONFIG) {
  runWorker(process.env.SEMANTIK_WORKER_CONFIG).then(
    () => process.exit(0),
    (error: unknown) => {
      sendToParent({ type: 'fatal', error: serializeError(error) } satisfies WorkerMessage);
      childLogger('worker').fatal({ err: error }, 'worker failed');
      process.exit(1);
    },
  );
}
