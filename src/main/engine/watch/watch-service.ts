/**
 * Keeps the index in step with the indexed folders while the engine runs.
 *
 * On start, a catch-up run scans every folder: the scan skips files whose size and mtime (or
 * content hash) match the store, so only what changed while the app was closed is read and
 * embedded. Then each folder is watched (folder-watcher.ts); changed paths are batched
 * (change-batcher.ts) and each batch becomes a run that scans just those paths. A folder's runs
 * never overlap: a batch waits until the folder's latest run is complete, so a file is never
 * queued twice by two runs at once. The folder list is re-read every few seconds, so folders
 * added or removed through the API, or by `semantik index` beside the running app, gain or lose
 * their watcher.
 */
import type { ApiEvent } from '../../../shared/api';
import type { FollowLinks } from '../../../shared/follow-links';
import type { ScanJobData } from '../../../shared/jobs';
import { seal } from '../../../node/jobs/payload-seal';
import { childLogger } from '../../../node/logger';
import type { Store } from '../../../node/store/store';
import type { SourceRow } from '../../../node/store/store-types';
import type { EngineConfig } from '../config';
import { startIndexRun } from '../index-runs';
import type { QueueSet } from '../queue-set';
import { ChangeBatcher, type ChangeBatch } from './change-batcher';
import { watchFolder, type FolderWatch } from './folder-watcher';

const log = childLogger('watch');

/** How often the folder list is compared with the watchers. */
const SYNC_MS = 2_000;
/** How often a batch checks whether the folder's previous run is complete. */
const RUN_POLL_MS = 200;
/** A batch waits at most this long for the previous run (one stuck in a paused queue, say), then goes ahead. */
const RUN_WAIT_MAX_MS = 5 * 60_000;

/** What a WatchService needs: the store, the scan queue and the walk's rules. */
export interface WatchServiceOptions {
  store: Store;
  /** Scan jobs go to its scan queue, signed, with the changed paths sealed. */
  queues: QueueSet;
  ignorePatterns: readonly string[];
  includeHidden: boolean;
  followSymlinks: FollowLinks;
  /** Never watched (the data folder). */
  excluded: readonly string[];
  /** Quiet time before a batch of changes is sent. @defaultValue 500 (see ChangeBatcher) */
  quietMs?: number;
}

interface Watched {
  source: SourceRow;
  watch: FolderWatch;
  batcher: ChangeBatcher;
  error: string | null;
}

/** One folder's watcher as `status()` reports it. */
export interface WatchStatus {
  sourceId: number;
  path: string;
  ready: boolean;
  error: string | null;
}

/** The watchers of every indexed folder. */
export class WatchService {
  private readonly watched = new Map<number, Watched>();
  private readonly readySources = new Set<number>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private closed = false;
  /** Runs started by the catch-up at start, by folder id (tests and the log read them). */
  readonly catchUpRuns = new Map<number, number>();
  /** Every run this service started. */
  private readonly ownRuns = new Set<number>();

  constructor(private readonly options: WatchServiceOptions) {}

  /** The service with the walk's settings; the data folder is never watched. */
  static fromConfig(config: EngineConfig, store: Store, queues: QueueSet): WatchService {
    const { ignorePatterns, includeHidden, followSymlinks, dataDir } = config;
    return new WatchService({ store, queues, ignorePatterns, includeHidden, followSymlinks, excluded: [dataDir] });
  }

  /** Starts the catch-up run of every folder, then the watchers. */
  async start(): Promise<void> {
    await this.catchUp();
    this.sync();
    this.timer = setInterval(() => this.sync(), SYNC_MS);
    this.timer.unref();
  }

  /**
   * True for a `folder:finished` event of a run this service started: a saved file or the
   * catch-up at start should not raise a "finished indexing" notice (a desktop notification).
   */
  quiets(event: ApiEvent, payload: unknown): boolean {
    if (event !== 'folder:finished' || typeof payload !== 'object' || payload === null || !('folderId' in payload)) return false;
    const folderId = payload.folderId;
    const latest = typeof folderId === 'number' ? this.options.store.latestRun(folderId) : null;
    return latest !== null && this.ownRuns.has(latest.id);
  }

  /** Each folder's watcher: ready once its initial crawl is done. */
  status(): WatchStatus[] {
    return [...this.watched.values()].map(({ source, error }) => ({
      sourceId: source.id,
      path: source.path,
      ready: this.readySources.has(source.id),
      error,
    }));
  }

  /** Watches folders that are new in the store and stops watching removed ones. */
  sync(): void {
    if (this.closed) return;
    let sources: SourceRow[];
    try {
      sources = this.options.store.listSources();
    } catch (error) {
      log.warn({ err: error }, 'cannot read the folder list');
      return;
    }
    const ids = new Set(sources.map((source) => source.id));
    for (const [id, entry] of this.watched) {
      if (!ids.has(id)) void this.unwatch(id, entry);
    }
    for (const source of sources) if (!this.watched.has(source.id)) this.watch(source);
  }

  /** Stops every watcher; batches not yet sent are dropped (the next start's catch-up finds them). */
  async stop(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await Promise.all([...this.watched.entries()].map(([id, entry]) => this.unwatch(id, entry)));
  }

  private async catchUp(): Promise<void> {
    const { store, queues } = this.options;
    for (const source of store.listSources()) {
      const latest = store.latestRun(source.id);
      // A run whose scan was interrupted resumes from Redis and walks the folder as it is now.
      if (latest && latest.finishedAt === null && !latest.scanDone) continue;
      try {
        const { runId } = await startIndexRun(store, queues, source.path);
        this.catchUpRuns.set(source.id, runId);
        this.ownRuns.add(runId);
      } catch (error) {
        // A folder on a drive that is not mounted keeps its documents until it is back.
        log.warn({ folder: source.path, err: error instanceof Error ? error.message : String(error) }, 'no catch-up scan');
      }
    }
  }

  private watch(source: SourceRow): void {
    const batcher = new ChangeBatcher({
      ...(this.options.quietMs !== undefined ? { quietMs: this.options.quietMs } : {}),
      onBatch: (batch) => this.runBatch(source, batch),
      onError: (error) => log.warn({ folder: source.path, err: error }, 'could not queue the changes'),
    });
    const entry: Watched = {
      source,
      batcher,
      error: null,
      watch: watchFolder(source.path, {
        ignorePatterns: this.options.ignorePatterns,
        includeHidden: this.options.includeHidden,
        followSymlinks: this.options.followSymlinks,
        excluded: this.options.excluded,
        onPath: (path) => batcher.add(path),
        onRulesChanged: () => batcher.addFull(),
        onError: (error) => {
          entry.error = error.message;
          // ENOSPC here is the system's limit of inotify watches (fs.inotify.max_user_watches).
          log.warn({ folder: source.path, err: error.message }, 'watcher error');
        },
      }),
    };
    this.watched.set(source.id, entry);
    void entry.watch.ready.then(() => {
      if (this.watched.get(source.id) === entry) this.readySources.add(source.id);
    });
  }

  private async unwatch(id: number, entry: Watched): Promise<void> {
    this.watched.delete(id);
    this.readySources.delete(id);
    entry.batcher.close();
    try {
      await entry.watch.close();
    } catch (error) {
      log.warn({ folder: entry.source.path, err: error }, 'closing a watcher failed');
    }
  }

  /** Queues a run for one batch once the folder's latest run is complete. */
  private async runBatch(source: SourceRow, batch: ChangeBatch): Promise<void> {
    const { store, queues } = this.options;
    const deadline = Date.now() + RUN_WAIT_MAX_MS;
    for (;;) {
      // Removed meanwhile (the watcher goes at the next sync): a run would bring its documents back.
      if (this.closed || !this.watched.has(source.id) || store.getSource(source.id)?.removed !== false) return;
      const latest = store.latestRun(source.id);
      if (!latest || latest.finishedAt !== null || store.isRunComplete(latest.id)) break;
      if (Date.now() > deadline) {
        log.warn({ folder: source.path, run: latest.id }, 'the previous run is not complete; scanning the changes anyway');
        break;
      }
      await new Promise((done) => setTimeout(done, RUN_POLL_MS));
    }
    if (batch.full) {
      this.ownRuns.add((await startIndexRun(store, queues, source.path)).runId);
      return;
    }
    const runId = store.createRun(source.id);
    this.ownRuns.add(runId);
    // The folder comes from the store by source id; the paths travel sealed (Redis keeps no clear path).
    const data: ScanJobData = { runId, sourceId: source.id, paths: seal(queues.keys.payload, batch.paths) };
    await queues.addSigned('scan', 'scan', data, { jobId: `s-${runId}`, attempts: 3 });
    log.debug({ folder: source.path, run: runId, paths: batch.paths.length }, 'queued the changed paths');
  }
}
