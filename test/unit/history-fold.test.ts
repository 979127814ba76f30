import { describe, expect, it } from 'vitest';
import { foldJobEvents, needsDigest, type JobEvent } from '../../src/main/engine/history/fold-events';
import type { JobDigest } from '../../src/main/engine/history/job-digest';
import { commonFolder, summarizeJson, summarizeValue } from '../../src/main/engine/history/summaries';
import { attemptsFromTimeline } from '../../src/shared/tasks';

const ev = (event: string, at: number, fields: Record<string, string> = {}, paused = false): JobEvent => ({ event, at, fields, paused });

function digest(over: Partial<JobDigest> = {}): JobDigest {
  return {
    name: 'extract',
    timestamp: 1000,
    processedOn: null,
    finishedOn: null,
    attemptsMade: 0,
    attemptsStarted: 0,
    processedBy: null,
    parentKey: null,
    priority: 0,
    delay: 0,
    failedReason: null,
    stack: null,
    progress: 0,
    opts: '{"attempts":3}',
    data: JSON.stringify({
      runId: 7,
      files: [
        { docId: 1, path: '/data/a/x.txt' },
        { docId: 2, path: '/data/b/y.txt' },
      ],
    }),
    returnvalue: null,
    schedulerId: null,
    logs: [],
    ...over,
  };
}

const noFolder = (): string | null => null;

describe('foldJobEvents', () => {
  it('folds a whole run of a job in one batch into its final state, with a timeline', () => {
    const patch = foldJobEvents(
      'extract',
      'x-1',
      [
        ev('added', 1000, { name: 'extract' }),
        ev('waiting', 1001),
        ev('active', 1005, { prev: 'waiting' }),
        ev('completed', 1900, { returnvalue: '{"files":2}' }),
      ],
      digest({
        processedOn: 1005,
        finishedOn: 1900,
        attemptsMade: 1,
        attemptsStarted: 1,
        processedBy: 'w2',
        returnvalue: '{"files":2,"chunks":9,"failed":0}',
      }),
      noFolder,
    );
    expect(patch).toMatchObject({
      state: 'completed',
      worker: 'w2',
      startedAt: 1005,
      finishedAt: 1900,
      durationMs: 895,
      attempts: 1,
      reset: true,
    });
    expect(JSON.parse(patch.result ?? '')).toEqual({ files: 2, chunks: 9, failed: 0 });
    expect(patch.describe?.folder).toBe('/data');
    expect(patch.finished).toEqual({ state: 'completed', durationMs: 895 });
    expect(patch.timeline?.map((entry) => entry.event)).toEqual(['added', 'active', 'completed']);
  });

  it('records a failed attempt that will be retried, then the final failure with its stack', () => {
    const retry = foldJobEvents(
      'extract',
      'x-1',
      [ev('active', 10), ev('delayed', 20, { delay: '1020' })],
      digest({ attemptsMade: 1, failedReason: 'boom' }),
      noFolder,
    );
    expect(retry.state).toBe('delayed');
    expect(retry.timeline).toEqual([
      { at: 10, event: 'active' },
      { at: 20, event: 'retrying', attempt: 1, detail: 'boom' },
    ]);
    const final = foldJobEvents(
      'extract',
      'x-1',
      [ev('failed', 30, { failedReason: 'boom again' })],
      digest({ attemptsMade: 3, stack: 'Error: boom again\n  at x', processedOn: 25, finishedOn: 30 }),
      noFolder,
    );
    expect(final).toMatchObject({
      state: 'failed',
      error: 'boom again',
      stack: 'Error: boom again\n  at x',
      durationMs: 5,
      finished: { state: 'failed', durationMs: 5 },
    });
    const attempts = attemptsFromTimeline([...(retry.timeline ?? []), { at: 25, event: 'active' }, ...(final.timeline ?? [])]);
    expect(attempts.map((a) => [a.outcome, a.error])).toEqual([
      ['failed', 'boom'],
      ['failed', 'boom again'],
    ]);
  });

  it('shows waiting jobs of a paused queue as paused, and prioritised ones as such', () => {
    expect(foldJobEvents('scan', 's-1', [ev('added', 1, {}, true)], digest(), noFolder).state).toBe('paused');
    expect(foldJobEvents('scan', 's-1', [ev('waiting', 1)], digest({ priority: 5 }), noFolder).state).toBe('prioritized');
  });

  it('marks a removed pending job cancelled but keeps a finished one as it was', () => {
    expect(foldJobEvents('scan', 's-1', [ev('removed', 5, { prev: 'waiting' })], null, noFolder)).toMatchObject({
      state: 'cancelled',
      finishedAt: 5,
    });
    const kept = foldJobEvents('scan', 's-1', [ev('removed', 5, { prev: 'completed' })], null, noFolder);
    expect(kept.state).toBeUndefined();
    expect(needsDigest([ev('removed', 5)])).toBe(false);
    expect(needsDigest([ev('progress', 5), ev('active', 6)])).toBe(true);
  });

  it('takes an embed job folder from its run, and never keeps its texts or vectors', () => {
    const patch = foldJobEvents(
      'embed',
      'e-1',
      [ev('completed', 50)],
      digest({
        name: 'embed',
        data: JSON.stringify({ $bytes: 99_000, runId: 3, modelId: 'm', texts: { $items: 128 } }),
        returnvalue: JSON.stringify({ $bytes: 262_000, count: 128, device: 'cuda:0', vectorsBase64: { $chars: 261_000 } }),
        parentKey: 'semantik:ingest:i-9',
      }),
      (runId) => (runId === 3 ? '/corpus' : null),
    );
    expect(patch.describe).toMatchObject({ folder: '/corpus', parent: 'ingest:i-9' });
    expect(patch.device).toBe('cuda:0');
    expect((patch.describe?.data ?? '').length).toBeLessThan(200);
    expect(patch.result).not.toContain('vectors":"');
  });
});

describe('summaries', () => {
  it('counts arrays, lists paths, measures long strings', () => {
    expect(
      summarizeValue({
        texts: Array.from({ length: 30 }, () => 't'),
        files: [{ path: '/a' }, { path: '/b' }],
        blob: 'x'.repeat(400),
        n: 3,
      }),
    ).toEqual({
      texts: { $items: 30 },
      files: { $items: 2, paths: ['/a', '/b'] },
      blob: { $chars: 400 },
      n: 3,
    });
    expect(summarizeJson('not json')).toBe('{"$chars":8}');
    expect(
      (summarizeJson(JSON.stringify({ files: Array.from({ length: 500 }, (_, i) => ({ path: `/${'p'.repeat(250)}/${i}` })) })) ?? '')
        .length,
    ).toBeLessThanOrEqual(4096);
  });

  it('finds the deepest common folder', () => {
    expect(commonFolder(['/a/b/c/x', '/a/b/d/y', '/a/b/z'])).toBe('/a/b');
    expect(commonFolder(['/ab/x', '/a/y'])).toBe('/');
    expect(commonFolder([])).toBeNull();
  });
});
