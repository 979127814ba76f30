/**
 * Turns a stream of changed paths into a few batches: a burst of saves becomes one scan of just
 * those paths, not one scan per event.
 *
 * A batch is sent once no new path arrived for `quietMs`, or `maxDelayMs` after its first path
 * (a file written continuously still reaches the index). While a batch is being handled (the
 * handler waits for the folder's previous run), new paths gather for the next one. Past
 * `maxPaths` distinct paths the batch becomes a scan of the whole folder, which skips unchanged
 * files by size and mtime and costs less than naming ten thousand paths.
 */

/** What to scan: these paths, or the whole folder. */
export interface ChangeBatch {
  paths: string[];
  full: boolean;
}

/** Timing, limits and the handler of a ChangeBatcher. */
export interface ChangeBatcherOptions {
  /** @defaultValue 500 */
  quietMs?: number;
  /** @defaultValue 2000 */
  maxDelayMs?: number;
  /** @defaultValue 1000 */
  maxPaths?: number;
  /** Handles one batch; the next is not sent before this settles. */
  onBatch(batch: ChangeBatch): Promise<void>;
  /** Told when `onBatch` rejects (the paths of that batch are not retried: the next catch-up finds them). */
  onError(error: unknown): void;
}

/** Collects paths and sends them in batches. */
export class ChangeBatcher {
  private readonly paths = new Set<string>();
  private full = false;
  private firstAt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private busy = false;
  private closed = false;
  private readonly quietMs: number;
  private readonly maxDelayMs: number;
  private readonly maxPaths: number;

  constructor(private readonly options: ChangeBatcherOptions) {
    this.quietMs = options.quietMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 2_000;
    this.maxPaths = options.maxPaths ?? 1_000;
  }

  /** Records a changed path (a file or a folder, added, changed or deleted). */
  add(path: string): void {
    if (this.closed) return;
    if (this.isEmpty()) this.firstAt = Date.now();
    if (!this.full) {
      this.paths.add(path);
      if (this.paths.size > this.maxPaths) this.addFull();
    }
    this.schedule();
  }

  /** Asks for a scan of the whole folder (too many paths, or a rule such as a .gitignore changed). */
  addFull(): void {
    if (this.closed) return;
    if (this.isEmpty()) this.firstAt = Date.now();
    this.full = true;
    this.paths.clear();
    this.schedule();
  }

  /** True while paths wait or a batch is being handled. */
  get pending(): boolean {
    return this.busy || !this.isEmpty();
  }

  /** Stops: nothing more is sent. */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private isEmpty(): boolean {
    return !this.full && this.paths.size === 0;
  }

  private schedule(): void {
    if (this.busy || this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(this.quietMs, this.firstAt + this.maxDelayMs - Date.now()));
    this.timer = setTimeout(() => void this.send(), wait);
  }

  private async send(): Promise<void> {
    this.timer = null;
    if (this.isEmpty() || this.closed) return;
    const batch: ChangeBatch = { paths: this.full ? [] : [...this.paths].sort(), full: this.full };
    this.paths.clear();
    this.full = false;
    this.busy = true;
    try {
      await this.options.onBatch(batch);
    } catch (error) {
      this.options.onError(error);
    } finally {
      this.busy = false;
      if (!this.isEmpty()) {
        // Paths that came in meanwhile have waited long enough: send them after a short quiet time.
        this.firstAt = Math.min(this.firstAt, Date.now() - this.maxDelayMs + this.quietMs);
        this.schedule();
      }
    }
  }
}
