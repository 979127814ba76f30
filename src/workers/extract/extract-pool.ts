/**
 * Runs extraction in worker threads, so that one bad file cannot stall or kill a worker process.
 *
 * Why threads rather than child processes: a thread starts in tens of milliseconds and takes the
 * file's bytes by message, while a process would cost a Node start-up per replacement; and the
 * limits exist for threads: `terminate()` stops even a parser stuck in a loop (V8 interrupts the
 * isolate) and frees everything the thread allocated, native buffers included. Memory is bounded
 * twice: `resourceLimits` caps the thread's heap (running out ends the thread with
 * ERR_WORKER_OUT_OF_MEMORY instead of the process), and the memory watch (memory-watch.ts) stops
 * a thread whose heap plus native memory passes the same limit, or whose process grows past it.
 * ZIP-based files are also held to the archive limits before anything is inflated
 * (archive/archive-limits.ts).
 *
 * Threads are reused between files and replaced after a timeout, a crash, MAX_USES files, or a
 * file after which they hold more than half the memory limit. */
import type { Worker } from 'node:worker_threads';
import { startModuleThread } from '../../node/module-thread';
import { childLogger } from '../../node/logger';
import { parseInput } from '../../shared/validate';
import { archiveLimitsFor } from './archive/archive-limits';
import { DEFAULT_CHUNK_OPTIONS, type ChunkOptions } from './chunk-text';
import type { DocumentResult } from './extract-document';
import { MemoryWatch, outOfMemoryReason, type WatchedRead } from './memory-watch';
import { threadResponseSchema, type ThreadData, type ThreadRequest } from './thread-protocol';

const log = childLogger('extract-pool');
const MIB = 1024 * 1024;
/** Files per thread before it is replaced, so that a slow leak in a parser cannot build up. */
const MAX_USES = 5_000;
/**
 * Time a new thread may take to start and load a reader's code (pdf.js is megabytes of script)
 * before the file's own limit starts: loading depends on the machine's load, never on the file.
 */
const LOAD_TIMEOUT_MS = 120_000;

/** Limits of each extraction. */
export interface ExtractPoolOptions {
  /** Wall-clock limit per file. @defaultValue 60 s (SEMANTIK_EXTRACT_TIMEOUT) */
  timeoutMs: number;
  /** Memory limit per thread (heap and native). @defaultValue 1 GB (SEMANTIK_EXTRACT_MEMORY) */
  memoryBytes: number;
  /** Idle threads kept for reuse. @defaultValue 2 */
  maxIdle?: number;
  chunkOptions?: ChunkOptions;
}

/** "60 s", "1.5 s": how the reasons state a time limit. */
export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/** An extraction thread (extract-thread.ts) with its heap limit; its output is piped, not shown. */
function startThread(resourceLimits: { maxOldGenerationSizeMb: number }, workerData: ThreadData): Worker {
  return startModuleThread(import.meta.url, 'extract-thread', { resourceLimits, workerData, stdout: true, stderr: true });
}

/** A pool of extraction threads with a time and memory limit per file. */
export class ExtractPool {
  private readonly idle: Worker[] = [];
  private readonly uses = new WeakMap<Worker, number>();
  private nextId = 1;
  private closed = false;
  private readonly memory: MemoryWatch;

  constructor(private readonly options: ExtractPoolOptions) {
    this.memory = new MemoryWatch(options.memoryBytes);
  }

  private spawn(): Worker {
    const thread = startThread(
      { maxOldGenerationSizeMb: Math.max(16, Math.round(this.options.memoryBytes / MIB)) },
      { archiveLimits: archiveLimitsFor(this.options.memoryBytes) },
    );
    // Parsers that print (pdf.js warnings) must not write into the worker's protocol or logs unasked.
    thread.stdout.on('data', (data: Buffer) => log.debug({ out: data.toString().slice(0, 500) }, 'extractor output'));
    thread.stderr.on('data', (data: Buffer) => log.debug({ err: data.toString().slice(0, 500) }, 'extractor output'));
    // An idle thread must not keep the worker process alive.
    thread.unref();
    return thread;
  }

  /** Extracts and chunks one file in a thread; resolves with chunks or a reason, never rejects. */
  extract(path: string, bytes: Uint8Array): Promise<DocumentResult> {
    const thread = this.idle.pop() ?? this.spawn();
    const id = this.nextId++;
    const { timeoutMs, memoryBytes } = this.options;
    return new Promise((resolve) => {
      let settled = false;
      let watched: WatchedRead | null = null;
      const finish = (result: DocumentResult, reusable: boolean): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (watched) this.memory.end(watched);
        thread.off('message', onMessage).off('error', onError).off('exit', onExit);
        const uses = (this.uses.get(thread) ?? 0) + 1;
        this.uses.set(thread, uses);
        if (reusable && !this.closed && uses < MAX_USES && this.idle.length < (this.options.maxIdle ?? 2)) this.idle.push(thread);
        else void thread.terminate();
        resolve(result);
      };
      const fail = (reason: string) => (): void => finish({ kind: 'failed', reason }, false);
      let timer = setTimeout(fail(`the extractor did not start within ${formatSeconds(LOAD_TIMEOUT_MS)}`), LOAD_TIMEOUT_MS);
      const onMessage = (message: unknown): void => {
        try {
          const response = parseInput(threadResponseSchema, message, 'extraction result');
          if (response.id !== id) return;
          if ('result' in response) {
            // A thread left holding much memory (a parser's caches) is replaced rather than reused.
            finish(response.result, response.memory <= memoryBytes / 2);
            return;
          }
          if ('memory' in response) {
            if (watched) this.memory.report(watched, response.memory);
            return;
          }
          // The reader's code is loaded and it starts on the file: from here the file's limits count.
          watched = this.memory.watch((reason) => finish({ kind: 'failed', reason }, false));
          clearTimeout(timer);
          timer = setTimeout(fail(`timed out after ${formatSeconds(timeoutMs)} (SEMANTIK_EXTRACT_TIMEOUT)`), timeoutMs);
        } catch (error) {
          finish({ kind: 'failed', reason: `the extractor answered nonsense: ${(error as Error).message}` }, false);
        }
      };
      const onError = (error: Error & { code?: string }): void => {
        const reason =
          error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? outOfMemoryReason(memoryBytes) : `the extractor crashed: ${error.message}`;
        finish({ kind: 'failed', reason }, false);
      };
      const onExit = (code: number): void =>
        finish({ kind: 'failed', reason: `the extractor stopped unexpectedly (exit code ${code})` }, false);
      thread.on('message', onMessage).on('error', onError).on('exit', onExit);
      const request: ThreadRequest = { id, path, bytes, chunkOptions: this.options.chunkOptions ?? DEFAULT_CHUNK_OPTIONS };
      thread.postMessage(request);
    });
  }

  /** Stops the idle threads; a busy one stops when its file is done. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.idle.splice(0).map((thread) => thread.terminate()));
  }
}
