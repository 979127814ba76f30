/**
 * The monitor's folder reads against a real SQLite store: read again when the store changed (a
 * commit by this connection or by another, as a worker process makes), reused when it did not, and
 * not read more than a fifth of the time while it keeps changing, unless the latest are asked for.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/node/store/open-store';
import type { Store } from '../../src/node/store/store';
import { FolderReads, type FoldersAsOf } from '../../src/main/engine/folder-reads';

const base = mkdtempSync(join(tmpdir(), 'semantik-folder-reads-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** The store with its folder reads counted. */
function counted(store: Store): { store: Store; reads: () => number } {
  let reads = 0;
  const summaries = store.folderSummaries.bind(store);
  store.folderSummaries = () => {
    reads += 1;
    return summaries();
  };
  return { store, reads: () => reads };
}

const files = (read: FoldersAsOf): number[] => read.folders.map((folder) => folder.files);

describe('folder reads', () => {
  it('reads again only when the store changed', () => {
    const file = join(base, 'changes.db');
    const { store, reads } = counted(openStore(file));
    const worker = openStore(file);
    try {
      const source = store.addSource(join(base, 'docs'));
      const runId = store.createRun(source.id);
      const folders = new FolderReads(store);
      const first = folders.latest();
      expect(files(first)).toEqual([0]);
      const again = folders.current();
      expect(again.folders).toBe(first.folders);
      // Unchanged: still true now.
      expect(again.asOf).toBeGreaterThanOrEqual(first.asOf);
      expect(reads()).toBe(1);

      // Another connection's commit (a worker recording a file).
      worker.upsertPendingDocument({ sourceId: source.id, path: join(base, 'docs', 'a.txt'), size: 1, mtimeMs: 1, runId });
      expect(files(folders.latest())).toEqual([1]);
      // This connection's own commit.
      store.upsertPendingDocument({ sourceId: source.id, path: join(base, 'docs', 'b.txt'), size: 1, mtimeMs: 1, runId });
      expect(files(folders.latest())).toEqual([2]);
      expect(reads()).toBe(3);
      expect(files(folders.latest())).toEqual([2]);
      expect(reads()).toBe(3);
    } finally {
      worker.close();
      store.close();
    }
  });

  it('waits five times as long as the last read took before reading a changing store again', () => {
    const file = join(base, 'share.db');
    const { store, reads } = counted(openStore(file));
    try {
      const source = store.addSource(join(base, 'docs'));
      const runId = store.createRun(source.id);
      const folders = new FolderReads(store);
      // A read that started ten seconds ago: it took about ten seconds, so the next waits about fifty.
      // (A later time passed in here stands for the clock then.)
      const start = performance.now() - 10_000;
      const first = folders.current(start);
      store.upsertPendingDocument({ sourceId: source.id, path: join(base, 'docs', 'a.txt'), size: 1, mtimeMs: 1, runId });
      const soon = folders.current(start + 20_000);
      expect(files(soon)).toEqual([0]);
      // Shown late: as of the last read.
      expect(soon.asOf).toBe(first.asOf);
      expect(reads()).toBe(1);
      // The latest are read whatever the time.
      expect(files(folders.latest())).toEqual([1]);
      expect(reads()).toBe(2);
      // Nothing changed since: no read.
      expect(files(folders.current(start + 60_000))).toEqual([1]);
      expect(reads()).toBe(2);
    } finally {
      store.close();
    }
  });
});
