// The questions asked before a worker is stopped or restarted or the pool scaled down: they name
// the worker and say what becomes of its running jobs.
import { describe, expect, it } from 'vitest';
import type { WorkerInfo } from '../../src/shared/monitor-types';
import type { Heartbeat } from '../../src/shared/worker-protocol';
import { runningJobsText, scaleDownQuestion, workerQuestion } from '../../src/renderer/state/worker-confirm';

function worker(active: Heartbeat['active'] | null): WorkerInfo {
  const heartbeat: Heartbeat | null =
    active === null
      ? null
      : {
          workerId: 'w2',
          pid: 100,
          host: 'vm',
          state: active.length > 0 ? 'busy' : 'idle',
          device: 'cpu',
          concurrency: 2,
          active,
          processed: 0,
          failed: 0,
          retried: 0,
          rssBytes: 0,
          cpuPercent: 0,
          startedAt: 0,
          at: 0,
          queues: [],
        };
  return {
    workerId: 'w2',
    pid: 100,
    state: heartbeat?.state ?? 'starting',
    local: true,
    restarts: 0,
    lastHeartbeat: heartbeat,
    lastError: null,
  };
}

const job = (queue: string, id: string): Heartbeat['active'][number] => ({ id, queue, name: queue, startedAt: 0 });

describe('worker questions', () => {
  it('say what becomes of the running jobs', () => {
    expect(runningJobsText(worker(null))).toBe('It runs no job now.');
    expect(runningJobsText(worker([]))).toBe('It runs no job now.');
    expect(runningJobsText(worker([job('extract', '1')]))).toMatch(
      /^Its 1 running job \(extract\) may finish within the stop grace period .*; any still running then go back to the queue/,
    );
    expect(runningJobsText(worker([job('embed', '1'), job('embed', '2'), job('extract', '3')]))).toMatch(
      /^Its 3 running jobs \(embed, extract\)/,
    );
  });

  it('name the worker and what happens to the pool', () => {
    expect(workerQuestion('stop', worker([]), 3)).toBe(
      'Stop worker w2? It runs no job now. The pool goes down to 2 workers: no other worker replaces it.',
    );
    expect(workerQuestion('stop', worker([]), 1)).toMatch(
      /The pool goes down to 0 workers: nothing is processed until the count is raised\.$/,
    );
    expect(workerQuestion('restart', worker([job('embed', '1')]), 2)).toMatch(
      /^Restart worker w2\? A fresh process takes its place\. Its 1 running job \(embed\)/,
    );
  });

  it('say how many workers a scale-down stops', () => {
    expect(scaleDownQuestion(4, 1)).toMatch(
      /^Scale down from 4 to 1 worker\? 3 workers stop \(idle ones before busy ones, the newest first\): their running jobs/,
    );
    expect(scaleDownQuestion(2, 1)).toMatch(/^Scale down from 2 to 1 worker\? 1 worker stops /);
    expect(scaleDownQuestion(2, 0)).toMatch(
      /^Scale down from 2 to 0 workers\? Every worker stops: .* Nothing is processed until the count is raised\.$/,
    );
  });
});
