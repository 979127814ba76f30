/**
 * The folders of the monitor's snapshot (counts, state, latest run), read from the store only when
 * it has changed, and for at most a fifth of the time: each read counts every document of every
 * folder, which an index of a million files takes a good part of a second to do. An idle app then
 * reads nothing, and a large index is shown a little less often rather than holding a core.
 */
import type { FolderInfo } from '../../shared/monitor-types';
import type { Store } from '../../node/store/store';

/** The most of the time (wall clock) spent reading folders while the store keeps changing. */
const MAX_SHARE = 0.2;

export class FolderReads {
  private last: { mark: string; at: number; ms: number; folders: FolderInfo[] } | null = null;

  constructor(private readonly store: Store) {}

  /** The folders as read now; as last read when the store has not changed since, or when reading again would be too soon. */
  current(now = performance.now()): FolderInfo[] {
    const mark = this.store.changeMark();
    const last = this.last;
    if (last !== null && (last.mark === mark || now - last.at < last.ms / MAX_SHARE)) return last.folders;
    return this.read(mark, now);
  }

  /** The folders read now, whatever the last read. */
  fresh(): FolderInfo[] {
    return this.read(this.store.changeMark(), performance.now());
  }

  private read(mark: string, now: number): FolderInfo[] {
    const folders = this.store.folderSummaries();
    this.last = { mark, at: now, ms: performance.now() - now, folders };
    return folders;
  }
}
