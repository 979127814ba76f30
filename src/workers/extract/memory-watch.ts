/**
 * The memory limit of an extraction, native memory included.
 *
 * A thread's `resourceLimits` cap only its V8 heap: the ArrayBuffers a parser fills (inflated
 * streams, decoded PDF streams, images) live outside it, and a thread with a 256 MB heap limit was
 * measured holding gigabytes of them. So the worker process watches each busy thread from its own
 * event loop (free while the threads work). Like the time limit, the memory limit counts from the
 * moment the reader's code is loaded and it starts on the file:
 *
 * - each thread reports its heap in use plus its external memory (ArrayBuffers and the other
 *   native memory V8 knows of) several times a second while it reads; when that has grown by more
 *   than the limit since the file started, the file fails;
 * - a thread busy in one long synchronous step (pdf.js decoding a stream) cannot report: once it
 *   has been silent for a while, what the process's resident set grew by since its last report is
 *   counted as its own, and past the limit (plus a margin for the rest of the process) it is stopped.
 *
 * Stopping a thread (`terminate`) frees its heap and its ArrayBuffers: the worker process goes on.
 */

const MIB = 1024 * 1024;
/** How often the watch looks, and how often threads report. */
export const MEMORY_WATCH_INTERVAL_MS = 100;
/** A thread silent for this long is in a synchronous step: its process's growth is counted as its own. */
const SILENT_AFTER_MS = 5 * MEMORY_WATCH_INTERVAL_MS;
/** Growth of the rest of the process (the embedder, other threads) tolerated while a thread is silent. */
const PROCESS_MARGIN_BYTES = 64 * MIB;

/** One file being read, as the watch sees it. */
export interface WatchedRead {
  /** The thread's memory in use at its first report for this file (its code loaded), or null before it. */
  baseBytes: number | null;
  /** The thread's last reported memory in use, when, and the process's resident set then. */
  reportedBytes: number;
  reportedAt: number;
  rssAtReport: number;
}

/** Which read to stop, and why. */
export interface OverLimit {
  read: WatchedRead;
  reason: string;
}

/** The reason a file fails past the memory limit (the same whether V8 or the watch stopped it). */
export function outOfMemoryReason(limitBytes: number): string {
  return `ran out of memory (limit ${Math.round(limitBytes / MIB)} MB, SEMANTIK_EXTRACT_MEMORY)`;
}

/** What a read has grown by since its file started, as far as its own reports tell. */
function reportedGrowth(read: WatchedRead): number {
  return read.baseBytes === null ? 0 : read.reportedBytes - read.baseBytes;
}

/** The read to stop now, if any, given the process's resident set `rss` at time `now`. Pure. */
export function overLimit(reads: readonly WatchedRead[], rss: number, now: number, limitBytes: number): OverLimit | null {
  const reason = outOfMemoryReason(limitBytes);
  for (const read of reads) {
    if (reportedGrowth(read) > limitBytes) return { read, reason };
  }
  const silent = reads
    .filter((read) => now - read.reportedAt > SILENT_AFTER_MS)
    .sort((a, b) => a.reportedAt - b.reportedAt)
    .find((read) => reportedGrowth(read) + (rss - read.rssAtReport) > limitBytes + PROCESS_MARGIN_BYTES);
  return silent ? { read: silent, reason } : null;
}

/**
 * The process's resident set, read from the OS at most every RSS_FRESH_MS. Reading it takes a
 * tenth of a millisecond in a large process, and a small file is read and reported on several
 * times within that; a value this recent is well inside PROCESS_MARGIN_BYTES of the true one.
 */
const RSS_FRESH_MS = 20;

function recentRss(): () => number {
  let value = 0;
  let readAt = -Infinity;
  return () => {
    const now = performance.now();
    if (now - readAt >= RSS_FRESH_MS) {
      value = process.memoryUsage.rss();
      readAt = now;
    }
    return value;
  };
}

/** Watches the busy reads of one pool; `stop` is called for a read past the limit. */
export class MemoryWatch {
  private readonly reads = new Map<WatchedRead, (reason: string) => void>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly limitBytes: number,
    private readonly rss: () => number = recentRss(),
  ) {}

  /** Starts watching a read; `stop` ends it with a reason. Returns the read to report to and end. */
  watch(stop: (reason: string) => void): WatchedRead {
    const read: WatchedRead = { baseBytes: null, reportedBytes: 0, reportedAt: Date.now(), rssAtReport: this.rss() };
    this.reads.set(read, stop);
    this.timer ??= setInterval(() => this.check(), MEMORY_WATCH_INTERVAL_MS).unref();
    return read;
  }

  /** A thread's report for its read. */
  report(read: WatchedRead, bytes: number): void {
    read.baseBytes ??= bytes;
    read.reportedBytes = bytes;
    read.reportedAt = Date.now();
    read.rssAtReport = this.rss();
    if (reportedGrowth(read) > this.limitBytes) this.check();
  }

  /** Stops watching a read (it finished, or failed). */
  end(read: WatchedRead): void {
    this.reads.delete(read);
    if (this.reads.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  private check(): void {
    const over = overLimit([...this.reads.keys()], this.rss(), Date.now(), this.limitBytes);
    if (!over) return;
    const stop = this.reads.get(over.read);
    this.end(over.read);
    stop?.(over.reason);
  }
}
