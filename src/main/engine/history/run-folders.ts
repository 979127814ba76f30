/**
 * The folder of an indexing run (embed and ingest jobs name only their run), looked up in the
 * store and cached, bounded: a run's folder never changes.
 */
import type { Store } from '../../../node/store/store';

/** Runs remembered; older entries are dropped first. */
const MAX_ENTRIES = 512;

/** Maps run ids to their folder's path. */
export class RunFolders {
  private readonly cache = new Map<number, string | null>();

  constructor(private readonly store: Store) {}

  /** The folder of `runId`, or null when the run is unknown. */
  folderOf(runId: number): string | null {
    const cached = this.cache.get(runId);
    if (cached !== undefined) return cached;
    const run = this.store.getRun(runId);
    const folder = run ? (this.store.getSource(run.sourceId)?.path ?? null) : null;
    if (this.cache.size >= MAX_ENTRIES) {
      const oldest = this.cache.keys().next();
      if (!oldest.done) this.cache.delete(oldest.value);
    }
    this.cache.set(runId, folder);
    return folder;
  }
}
