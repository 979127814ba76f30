/**
 * What the history looks up in the store while it records jobs: the folder of an indexing run
 * (embed and ingest jobs name only their run), cached and bounded because a run's folder never
 * changes, and the path of a document (an extract job names its files by id), read each time
 * because a deleted document's id can be given to a new file.
 */
import type { Store } from '../../../node/store/store';

/** Runs remembered; older entries are dropped first. */
const MAX_ENTRIES = 512;

/** `load` with its answers remembered (null ones too), the oldest forgotten past MAX_ENTRIES. */
function remembered(load: (id: number) => string | null): (id: number) => string | null {
  const cache = new Map<number, string | null>();
  return (id) => {
    const cached = cache.get(id);
    if (cached !== undefined) return cached;
    const value = load(id);
    if (cache.size >= MAX_ENTRIES) {
      const oldest = cache.keys().next();
      if (!oldest.done) cache.delete(oldest.value);
    }
    cache.set(id, value);
    return value;
  };
}

/** Maps run ids to their folder's path, and document ids to their file's path. */
export class StoreLookups {
  /** The folder of `runId`, or null when the run is unknown. */
  readonly folderOf: (runId: number) => string | null;
  /** The path of document `docId`, or null when it is gone. */
  readonly pathOf: (docId: number) => string | null;

  constructor(store: Store) {
    this.folderOf = remembered((runId) => {
      const run = store.getRun(runId);
      return run ? (store.getSource(run.sourceId)?.path ?? null) : null;
    });
    this.pathOf = (docId) => store.getDocument(docId)?.path ?? null;
  }
}
