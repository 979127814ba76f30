/**
 * Synthetic job records shaped like the recorder's (same patch type, same summaries), for history
 * tests and the tasks-history benchmark: deterministic per seed.
 */
import type { TaskState } from '../../src/shared/tasks';
import type { JobPatch } from '../../src/node/store/job-history';
import { rng } from './corpus';

const QUEUE_MIX: Array<[string, number]> = [
  ['scan', 0.01],
  ['extract', 0.2],
  ['embed', 0.5],
  ['ingest', 0.25],
  ['system', 0.04],
];
const STATE_MIX: Array<[TaskState, number]> = [
  ['completed', 0.9],
  ['failed', 0.05],
  ['waiting', 0.02],
  ['active', 0.01],
  ['delayed', 0.01],
  ['cancelled', 0.01],
];
const ERRORS = [
  'ENOENT: no such file or directory, open',
  'extraction timed out after 60 s',
  'CUDA out of memory while embedding a batch',
  'corrupt zip: end of central directory not found',
];

function pick<T>(random: () => number, mix: Array<[T, number]>): T {
  let r = random();
  for (const [value, weight] of mix) {
    if (r < weight) return value;
    r -= weight;
  }
  // The weights sum to 1; rounding may leave r a hair above: take the last.
  return mix[mix.length - 1]![0];
}

/** `count` patches, added over the `spanMs` before `now`, ids `<prefix><n>`. */
export function syntheticRecords(count: number, now: number, spanMs = 10 * 86_400_000, seed = 7, prefix = 'j'): JobPatch[] {
  const random = rng(seed);
  const patches: JobPatch[] = [];
  for (let i = 0; i < count; i++) {
    const queue = pick(random, QUEUE_MIX);
    const state = pick(random, STATE_MIX);
    const addedAt = now - spanMs + Math.floor((i / count) * spanMs);
    const folder = `/data/proj-${Math.floor(random() * 20)}/sub-${Math.floor(random() * 5)}`;
    const worker = `w${1 + Math.floor(random() * 8)}`;
    const running = state === 'completed' || state === 'failed' || state === 'active';
    const durationMs = Math.floor(20 + random() * 5_000);
    const finished = state === 'completed' || state === 'failed';
    const device = queue === 'embed' ? (random() < 0.5 ? 'cpu' : `cuda:${Math.floor(random() * 2)}`) : null;
    const data =
      queue === 'extract'
        ? { runId: 1 + (i % 50), files: { $items: 16, paths: [`${folder}/file-${i}.txt`, `${folder}/notes-${i}.md`] } }
        : queue === 'embed'
          ? { runId: 1 + (i % 50), modelId: 'semantik-glove-sif-100d', texts: { $items: 128 } }
          : { runId: 1 + (i % 50) };
    const error = state === 'failed' ? `${ERRORS[i % ERRORS.length]} ${folder}/file-${i}.txt` : null;
    patches.push({
      queue,
      jobId: `${prefix}${i}`,
      at: finished ? addedAt + durationMs + 5 : addedAt,
      name: queue === 'system' ? 'test_task' : queue,
      state,
      attempts: finished ? 1 + (state === 'failed' ? 2 : 0) : 0,
      worker: running ? worker : null,
      device,
      addedAt,
      startedAt: running ? addedAt + 5 : null,
      finishedAt: finished ? addedAt + 5 + durationMs : null,
      durationMs: finished ? durationMs : null,
      progress: state === 'completed' ? 100 : null,
      error,
      result:
        state === 'completed' ? JSON.stringify(queue === 'embed' ? { count: 128, device, dims: 100 } : { files: 16, chunks: 40 }) : null,
      describe: { data: JSON.stringify(data), opts: '{"attempts":3}', parent: null, folder },
      timeline: [
        { at: addedAt, event: 'added' },
        ...(running ? [{ at: addedAt + 5, event: 'active' as const, worker }] : []),
        ...(finished ? [{ at: addedAt + 5 + durationMs, event: state as 'completed' | 'failed' }] : []),
      ],
      ...(finished ? { finished: { state: state as 'completed' | 'failed', durationMs } } : {}),
    });
  }
  return patches;
}
