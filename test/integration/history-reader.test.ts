/**
 * The history reader against a real SQLite file and a real worker thread: its pages, counts and
 * selections equal the synchronous reads; replies find their requests when several are in flight;
 * a bad request, a missing file, a timeout and a closed reader reject with clear errors; and while
 * the thread runs slow searches over 200,000 records, the calling thread's timers keep firing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTaskQuery } from '../../src/shared/task-query';
import { openStore } from '../../src/node/store/open-store';
import type { Store } from '../../src/node/store/store';
import { HistoryReader } from '../../src/main/engine/history/history-reader';
import { syntheticRecords } from '../helpers/job-records';

const NOW = Date.UTC(2025, 5, 15, 12);
/** Written through the recorder's write path (about 3,000 records a second). */
const RECORDED = 2_000;
/** The slow-query case multiplies the recorded ones by SQL to this many (the write path is too slow). */
const LARGE = 200_000;
/** Every column of `jobs` but the two a copy must change (its row id and job id). */
const COPIED_COLUMNS = `queue, name, state, priority, attempts, worker, device, folder, parent, added_at, started_at,
  finished_at, duration_ms, progress, progress_data, error, stack, data, result, opts, logs, timeline, updated_at`;

const root = mkdtempSync(join(tmpdir(), 'semantik-history-reader-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function recordedStore(name: string): Store {
  const store = openStore(join(root, name, 'semantik.db'));
  const records = syntheticRecords(RECORDED, NOW);
  for (let i = 0; i < records.length; i += 1_000) store.history().apply(records.slice(i, i + 1_000));
  return store;
}

const filterOf = (q: string) => parseTaskQuery(q, NOW).filter;

describe('history reader', () => {
  let store: Store;
  let reader: HistoryReader;

  beforeAll(() => {
    store = recordedStore('small');
    reader = new HistoryReader(store.path);
  });
  afterAll(async () => {
    await reader?.close();
    store?.close();
  });

  it('reads the same pages and counts as the synchronous history, under filters, search and sorts', async () => {
    const history = store.history();
    const cases: Array<[string, string, number, number]> = [
      ['', '-addedAt', 50, 0],
      ['state:failed,completed name:embed', '-duration', 20, 10],
      ['CUDA memory', 'name', 30, 0],
      ['folder:/data/proj-3 worker:w2', 'startedAt', 500, 0],
      ['embed', '-addedAt', 50, 100],
    ];
    for (const [q, sort, limit, offset] of cases) {
      const filter = filterOf(q);
      const page = await reader.page(filter, sort, limit, offset);
      expect(page.counts, q).toEqual(history.counts(filter));
      expect(page.tasks, q).toEqual(history.list(filter, sort, limit, offset));
      expect(page.tasks.length, q).toBeGreaterThan(0);
    }
    const failed = filterOf('state:failed');
    expect(await reader.select(failed, 40)).toEqual(history.select(failed, 40));
  });

  it('matches each reply to its request when several are in flight', async () => {
    const filter = filterOf('state:completed');
    const offsets = [0, 50, 100, 150, 200];
    const pages = await Promise.all(offsets.map((offset) => reader.page(filter, '-addedAt', 50, offset)));
    for (const [i, offset] of offsets.entries()) {
      expect(pages[i]?.tasks).toEqual(store.history().list(filter, '-addedAt', 50, offset));
    }
    expect(new Set(pages.flatMap((page) => page.tasks.map((task) => task.ref))).size).toBe(250);
  });

  it('rejects a bad request with the error of the thread, and goes on serving', async () => {
    await expect(reader.page(filterOf(''), 'colour', 50, 0)).rejects.toMatchObject({
      name: 'SemantikError',
      code: 'BAD_INPUT',
      message: expect.stringMatching(/^Unknown sort "colour"/),
    });
    expect((await reader.page(filterOf(''), '-addedAt', 5, 0)).tasks).toHaveLength(5);
  });

  it('rejects clearly when the file is missing or a read takes too long', async () => {
    const missing = new HistoryReader(join(root, 'nowhere', 'semantik.db'));
    const impatient = new HistoryReader(store.path, { timeoutMs: 1 });
    try {
      await expect(missing.page(filterOf(''), '-addedAt', 5, 0)).rejects.toMatchObject({
        code: 'STORE',
        message: expect.stringContaining('Cannot open the index'),
      });
      // Starting the thread alone takes longer than a millisecond.
      await expect(impatient.page(filterOf(''), '-addedAt', 5, 0)).rejects.toMatchObject({
        code: 'TIMEOUT',
        message: expect.stringContaining('the history thread was restarted'),
      });
    } finally {
      await missing.close();
      await impatient.close();
    }
  });

  it('rejects reads in flight and after close', async () => {
    const closing = new HistoryReader(store.path);
    await closing.page(filterOf(''), '-addedAt', 5, 0);
    const inFlight = closing.page(filterOf('embed'), '-duration', 50, 0).catch((error: unknown) => error);
    await closing.close();
    expect(await inFlight).toMatchObject({ code: 'UNAVAILABLE', message: 'The job history reader is closed' });
    await expect(closing.page(filterOf(''), '-addedAt', 5, 0)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(closing.select(filterOf(''), 5)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});

describe('history reader with a large history', () => {
  let store: Store;
  let reader: HistoryReader;

  beforeAll(() => {
    const started = performance.now();
    store = recordedStore('large');
    const fill = new Database(store.path);
    try {
      // A bulk load only: a crash here loses a test file, nothing else.
      fill.pragma('synchronous = OFF');
      fill.pragma('cache_size = -100000');
      const copy = fill.prepare(`INSERT INTO jobs (job_id, ${COPIED_COLUMNS}) SELECT job_id || '-' || ?, ${COPIED_COLUMNS} FROM jobs
        WHERE id <= ${RECORDED}`);
      fill.transaction(() => {
        for (let k = 1; k < LARGE / RECORDED; k++) copy.run(k);
      })();
    } finally {
      fill.close();
    }
    process.stdout.write(`history reader: ${LARGE} records written in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    reader = new HistoryReader(store.path);
  }, 60_000);
  afterAll(async () => {
    await reader?.close();
    store?.close();
  });

  it('keeps the calling thread free while the thread runs slow searches', async () => {
    expect(store.history().size()).toBe(LARGE);
    // A one-character prefix search matches most records, and a sort other than by time sorts them all.
    const filter = filterOf('1');
    const sort = 'name';
    const history = store.history();
    let started = performance.now();
    const expected = { counts: history.counts(filter), tasks: history.list(filter, sort, 50, 0) };
    // On this thread, the timers below would wait this long.
    const syncMs = performance.now() - started;
    expect(syncMs, 'the query must be slow enough to show a blocked loop').toBeGreaterThan(100);

    let last = performance.now();
    let maxGap = 0;
    let ticks = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
      ticks += 1;
    }, 10);
    started = performance.now();
    let pages;
    try {
      // Four in a row, the thread starting first: the thread is busy for several query times.
      pages = await Promise.all([0, 1, 2, 3].map(() => reader.page(filter, sort, 50, 0)));
    } finally {
      // The stretch since the last tick counts too: a loop blocked to the end never ticks again.
      maxGap = Math.max(maxGap, performance.now() - last);
      clearInterval(timer);
    }
    const threadMs = performance.now() - started;
    for (const page of pages) expect(page).toEqual(expected);
    process.stdout.write(
      `history reader: sync query ${syncMs.toFixed(0)} ms; 4 queries in the thread ${threadMs.toFixed(0)} ms; ` +
        `max timer gap ${maxGap.toFixed(1)} ms over ${ticks} ticks\n`,
    );
    expect(threadMs).toBeGreaterThan(syncMs * 2);
    expect(maxGap).toBeLessThan(syncMs / 2);
    expect(ticks).toBeGreaterThan(threadMs / 10 / 4);
  }, 60_000);
});
