/**
 * The questions the workers view asks before it stops or restarts a worker or scales the pool
 * down: which worker, and what becomes of its running jobs.
 *
 * Pure (no DOM, no React): unit-tested in Node. The wording follows the pool: a stopped worker's
 * jobs may finish within the stop grace period (SEMANTIK_WORKER_STOP_GRACE), and those still
 * running then go back to their queue at once, without using an attempt.
 */
import type { WorkerInfo } from '../../shared/monitor-types';

/** What a confirmation is about. */
export type WorkerAction = 'stop' | 'restart';

/** The button that confirms each action. */
export const CONFIRM_LABELS: Readonly<Record<WorkerAction, string>> = { stop: 'Yes, stop it', restart: 'Yes, restart it' };

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** What happens to a worker's running jobs (as its last heartbeat lists them) when it stops. */
export function runningJobsText(worker: WorkerInfo): string {
  const active = worker.lastHeartbeat?.active ?? [];
  if (active.length === 0) return 'It runs no job now.';
  const queues = [...new Set(active.map((job) => job.queue))].join(', ');
  return (
    `Its ${plural(active.length, 'running job', 'running jobs')} (${queues}) may finish within the stop grace period ` +
    '(SEMANTIK_WORKER_STOP_GRACE, 30 s by default); any still running then go back to the queue for another worker, ' +
    'without losing an attempt.'
  );
}

/** The question asked before stopping or restarting `worker`; `target` is the pool's worker count now. */
export function workerQuestion(action: WorkerAction, worker: WorkerInfo, target: number): string {
  const jobs = runningJobsText(worker);
  if (action === 'restart') return `Restart worker ${worker.workerId}? A fresh process takes its place. ${jobs}`;
  const after = Math.max(0, target - 1);
  const shrink =
    after === 0
      ? 'The pool goes down to 0 workers: nothing is processed until the count is raised.'
      : `The pool goes down to ${plural(after, 'worker', 'workers')}: no other worker replaces it.`;
  return `Stop worker ${worker.workerId}? ${jobs} ${shrink}`;
}

/** The question asked before scaling the pool from `from` workers down to `to`. */
export function scaleDownQuestion(from: number, to: number): string {
  const stopping = from - to;
  // The pool picks idle workers before busy ones, the newest first among equals (worker-pool.ts).
  const which =
    stopping === from
      ? 'Every worker stops'
      : `${plural(stopping, 'worker stops', 'workers stop')} (idle ones before busy ones, the newest first)`;
  const zero = to === 0 ? ' Nothing is processed until the count is raised.' : '';
  return (
    `Scale down from ${from} to ${plural(to, 'worker', 'workers')}? ${which}: ` +
    'their running jobs may finish within the stop grace period (SEMANTIK_WORKER_STOP_GRACE, 30 s by default); any still ' +
    `running then go back to the queue for another worker.${zero}`
  );
}
