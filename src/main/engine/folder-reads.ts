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

/** Folders, and the time (ms since the epoch) at which they were known to be so. */
export interface FoldersAsOf {
  folders: FolderInfo[];
  asOf: number;
}

export class FolderReads {
  private last: { mark: string; at: number; wallAt: number; ms: number; folders: FolderInfo[] } | null = null;

  constructor(private readonly store: Store) {}

  /**
   * The folders as read now; as last read when the store has not changed since (they are still
   * true now), or when reading again would be too soon (they are as of the last read).
   */
  current(now = performance.now()): FoldersAsOf {
    const mark = this.store.changeMark();
    const last = this.last;
    if (last !== null && last.mark !== mark && now - last.at < last.ms / MAX_SHARE) return { folders: last.folders, asOf: last.wallAt };
    return this.readIfChanged(mark, now);
  }

  /** The folders as they are now: read again when the store changed, however soon. */
  latest(): FoldersAsOf {
    return this.readIfChanged(this.store.changeMark(), performance.now());
  }

  private readIfChanged(mark: string, now: number): FoldersAsOf {
    if (this.last !== null && this.last.mark === mark) return { folders: this.last.folders, asOf: Date.now() };
    return this.read(mark, now);
  }

  private read(mark: string, now: number): FoldersAsOf {
    const wallAt = Date.now();
    const folders = this.store.folderSummaries();
    this.last = { mark, at: now, wallAt, ms: performance.now() - now, folders };
    return { folders, asOf: wallAt };
  }
}
