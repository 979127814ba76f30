/**
 * The monitor's folder reads against a real SQLite store: read again when the store changed (a
 * commit by this connection or by another, as a worker process makes), reused when it did not, and
 * not read more than a fifth of the time while it keeps changing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/node/store/open-store';
import type { Store } from '../../src/node/store/store';
import { FolderReads } from '../../src/main/engine/folder-reads';

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

describe('folder reads', () => {
  it('reads again only when the store changed', () => {
    const file = join(base, 'changes.db');
    const { store, reads } = counted(openStore(file));
    const worker = openStore(file);
    try {
      const source = store.addSource(join(base, 'docs'));
      const runId = store.createRun(source.id);
      const folders = new FolderReads(store);
      // Each look a minute after the last: long past the wait after a read.
      let clock = performance.now();
      const look = () => folders.current((clock += 60_000));
      const first = look();
      expect(first.map((folder) => folder.files)).toEqual([0]);
      expect(look()).toBe(first);
      expect(reads()).toBe(1);

      // Another connection's commit (a worker recording a file).
      worker.upsertPendingDocument({ sourceId: source.id, path: join(base, 'docs', 'a.txt'), size: 1, mtimeMs: 1, runId });
      expect(look().map((folder) => folder.files)).toEqual([1]);
      // This connection's own commit.
      store.upsertPendingDocument({ sourceId: source.id, path: join(base, 'docs', 'b.txt'), size: 1, mtimeMs: 1, runId });
      expect(look().map((folder) => folder.files)).toEqual([2]);
      expect(reads()).toBe(3);
      expect(look().map((folder) => folder.files)).toEqual([2]);
      expect(reads()).toBe(3);
    } finally {
      worker.close();
      store.close();
    }
  });

  it('waits four times as long as the last read took before reading a changing store again', () => {
    const file = join(base, 'share.db');
    const { store, reads } = counted(openStore(file));
    try {
      const source = store.addSource(join(base, 'docs'));
      const runId = store.createRun(source.id);
      const folders = new FolderReads(store);
      // A read that started a second ago: it took about a second.
      const start = performance.now() - 1_000;
      folders.current(start);
      store.upsertPendingDocument({ sourceId: source.id, path: join(base, 'docs', 'a.txt'), size: 1, mtimeMs: 1, runId });
      expect(folders.current(start + 2_000).map((folder) => folder.files)).toEqual([0]);
      expect(reads()).toBe(1);
      expect(folders.current(start + 6_000).map((folder) => folder.files)).toEqual([1]);
      expect(reads()).toBe(2);
      // Asked for fresh, it reads whatever the time.
      store.upsertPendingDocument({ sourceId: source.id, path: join(base, 'docs', 'b.txt'), size: 1, mtimeMs: 1, runId });
      expect(folders.fresh().map((folder) => folder.files)).toEqual([2]);
    } finally {
      store.close();
    }
  });
});
