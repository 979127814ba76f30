/**
 * The job history in a real SQLite file: batched patches, filters, full-text search, counts that
 * agree with the list, sorting, pause changes, the cleanup's archive, and survival of a reopen.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTaskQuery } from '../../src/shared/task-query';
import { TASK_STATES, type TaskState } from '../../src/shared/tasks';
import { TIMELINE_MAX } from '../../src/node/store/job-history-write';
import { openStore } from '../../src/node/store/open-store';
import type { Store } from '../../src/node/store/store';
import { syntheticRecords } from '../helpers/job-records';

const NOW = Date.UTC(2025, 5, 15, 12);
const COUNT = 3_000;

describe('job history store', () => {
  let dir: string;
  let store: Store;
  const records = syntheticRecords(COUNT, NOW);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'semantik-history-'));
    store = openStore(join(dir, 'semantik.db'));
    for (let i = 0; i < records.length; i += 500) store.history().apply(records.slice(i, i + 500), [], { 'stream:embed': `${i}-0` });
  });
  afterAll(() => {
    store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const query = (q: string, sort = '-addedAt', limit = 50, offset = 0) => {
    const filter = parseTaskQuery(q, NOW).filter;
    const history = store.history();
    const counts = history.counts(filter);
    const listed: readonly TaskState[] = filter.states ?? TASK_STATES;
    const total = listed.reduce((sum, state) => sum + counts[state], 0);
    return { rows: history.list(filter, sort, limit, offset), counts, total, all: history.list(filter, sort, COUNT, 0) };
  };

  it('counts agree with the rows, unfiltered and under every kind of filter', () => {
    for (const q of [
      '',
      'state:failed',
      'worker:w2',
      'name:embed device:cuda',
      'folder:/data/proj-3',
      'state:completed,failed queue:extract',
      'ENOENT',
      'after:3d',
    ]) {
      const { total, all, counts } = query(q);
      expect(all.length, q).toBe(total);
      const listed: readonly TaskState[] = parseTaskQuery(q, NOW).filter.states ?? TASK_STATES;
      for (const state of TASK_STATES) {
        // Counts cover every state under the other conditions; the list only the states asked for.
        expect(all.filter((row) => row.state === state).length, `${q} ${state}`).toBe(listed.includes(state) ? counts[state] : 0);
      }
    }
    expect(query('').total).toBe(COUNT);
  });

  it('filters exactly as the records say', () => {
    const expected = records.filter((r) => r.state === 'failed' && r.worker === 'w2' && r.queue === 'embed').length;
    expect(query('state:failed worker:w2 name:embed').total).toBe(expected);
    const inFolder = records.filter((r) => r.describe?.folder?.startsWith('/data/proj-1/')).length;
    expect(query('folder:/data/proj-1').total).toBe(inFolder);
    // A sibling with a longer name is not inside the folder.
    expect(query('folder:/data/proj-1/sub').total).toBe(0);
    const cuda = records.filter((r) => r.device?.startsWith('cuda')).length;
    expect(query('device:cuda').total).toBe(cuda);
    const recent = records.filter((r) => (r.addedAt ?? 0) >= NOW - 2 * 86_400_000).length;
    expect(query('after:2d').total).toBe(recent);
  });

  it('searches names, data, results and errors, all terms at once', () => {
    const oom = records.filter((r) => r.error?.includes('CUDA out of memory')).length;
    expect(oom).toBeGreaterThan(0);
    expect(query('"out of memory"').total).toBe(oom);
    const extract = records.filter((r) => r.queue === 'extract')[40]!;
    const n = extract.jobId.slice(1);
    const withFile = query(`file-${n}`).all.map((row) => row.id);
    expect(withFile).toContain(extract.jobId);
    // Prefix match on the last token: file-12 finds file-123 too, never an unrelated job.
    expect(withFile.every((id) => id.slice(1).startsWith(n))).toBe(true);
    expect(query('state:failed corrupt zip').all.every((row) => row.state === 'failed' && (row.error ?? '').includes('corrupt zip'))).toBe(
      true,
    );
    expect(query('nosuchwordanywhere').total).toBe(0);
  });

  it('pages without overlap in every sort order', () => {
    for (const sort of ['-addedAt', 'duration', '-finishedAt', 'worker', '-state']) {
      const first = query('', sort, 100, 0).rows.map((row) => row.ref);
      const second = query('', sort, 100, 100).rows.map((row) => row.ref);
      expect(new Set([...first, ...second]).size, sort).toBe(200);
    }
    // A search lists newest first by record id (the order jobs were added in): pages still tile.
    const searchFirst = query('data', '-addedAt', 100, 0).rows.map((row) => row.ref);
    const searchSecond = query('data', '-addedAt', 100, 100).rows.map((row) => row.ref);
    expect(new Set([...searchFirst, ...searchSecond]).size).toBe(200);
    const newest = query('data', '-addedAt', 5).rows.map((row) => row.addedAt);
    expect(newest).toEqual([...newest].sort((a, b) => b - a));
    const byDuration = query('state:completed', '-duration', 20).rows.map((row) => row.durationMs ?? 0);
    expect(byDuration).toEqual([...byDuration].sort((a, b) => b - a));
  });

  it('keeps data written once, updates state without rewriting it, and caps the timeline', () => {
    const history = store.history();
    const at = NOW;
    history.apply([
      {
        queue: 'scan',
        jobId: 's-x',
        at,
        name: 'scan',
        state: 'waiting',
        describe: { data: '{"root":"/first"}', opts: null, parent: null, folder: '/first' },
        timeline: [{ at, event: 'added' }],
      },
    ]);
    history.apply([
      {
        queue: 'scan',
        jobId: 's-x',
        at: at + 1,
        state: 'active',
        describe: { data: '{"root":"/second"}', opts: null, parent: null, folder: '/second' },
      },
    ]);
    const many = Array.from({ length: TIMELINE_MAX + 20 }, (_, i) => ({ at: at + 2 + i, event: 'stalled' as const }));
    history.apply([{ queue: 'scan', jobId: 's-x', at: at + 100, timeline: many }]);
    const record = history.get('scan', 's-x');
    expect(record).toMatchObject({ state: 'active', folder: '/first', data: '{"root":"/first"}' });
    expect(record?.timeline).toHaveLength(TIMELINE_MAX);
    expect(record?.timeline[0]?.event).toBe('added');
    // A new job reusing the id starts over.
    history.apply([
      {
        queue: 'scan',
        jobId: 's-x',
        at: at + 200,
        reset: true,
        state: 'waiting',
        describe: { data: '{"root":"/third"}', opts: null, parent: null, folder: '/third' },
        timeline: [{ at: at + 200, event: 'added' }],
      },
    ]);
    expect(history.get('scan', 's-x')).toMatchObject({ folder: '/third', startedAt: null, timeline: [{ at: at + 200, event: 'added' }] });
  });

  it('shows waiting jobs of a paused queue as paused, and back', () => {
    const history = store.history();
    const waiting = history.counts({ queues: ['ingest'] }).waiting;
    expect(waiting).toBeGreaterThan(0);
    history.apply([], [{ queue: 'ingest', paused: true }]);
    expect(history.counts({ queues: ['ingest'] })).toMatchObject({ waiting: 0, paused: waiting });
    history.apply([], [{ queue: 'ingest', paused: false }]);
    expect(history.counts({ queues: ['ingest'] })).toMatchObject({ waiting, paused: 0 });
  });

  it('keeps finished counters and a duration histogram', () => {
    const totals = store.history().totals();
    const completed = records.filter((r) => r.state === 'completed').length;
    expect(totals.filter((t) => t.state === 'completed').reduce((sum, t) => sum + t.n, 0)).toBe(completed);
    const buckets = [...store.history().durationBuckets().values()].flat().reduce((sum, n) => sum + n, 0);
    expect(buckets).toBe(completed);
  });

  it('survives a reopen with the same counts and stream positions', () => {
    const before = query('').counts;
    store.close();
    store = openStore(join(dir, 'semantik.db'));
    expect(query('').counts).toEqual(before);
    expect(store.history().getKv('stream:embed')).toBe('2500-0');
  });

  it('archives finished records older than the cutoff, keeps the rest, and search forgets them', () => {
    const history = store.history();
    const cutoff = NOW - 5 * 86_400_000;
    const old = records.filter(
      (r) => ['completed', 'failed', 'cancelled'].includes(r.state ?? '') && (r.finishedAt ?? r.addedAt ?? 0) < cutoff,
    );
    const sizeBefore = history.size();
    const moved = history.archive(cutoff, NOW);
    expect(moved).toBe(old.length);
    expect(history.size()).toBe(sizeBefore - old.length);
    expect(history.archived()).toBe(old.length);
    expect(history.get(old[0]!.queue, old[0]!.jobId)).toBeNull();
    const pendingOld = records.find((r) => r.state === 'waiting' && (r.addedAt ?? 0) < cutoff);
    expect(pendingOld && history.get(pendingOld.queue, pendingOld.jobId)).toBeTruthy();
    const oldFailed = old.find((r) => r.state === 'failed');
    expect(query(`file-${oldFailed!.jobId.slice(1)}`).all.map((row) => row.id)).not.toContain(oldFailed!.jobId);
    expect(history.archive(cutoff, NOW)).toBe(0);
    const counts = query('').counts;
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(history.size());
  });
});
