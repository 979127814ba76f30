/**
 * The job history's heavy reads (a page of the tasks list with its counts, a bulk action's
 * selection) run in a worker thread (history-read-thread.ts) on its own read-only connection.
 *
 * Over a million records one such query can take a second; on the supervisor's thread (Electron's
 * main process in the desktop app) that would freeze the window. Here the supervisor only awaits a
 * message. WAL lets the thread read while the recorder and the workers write.
 */
import type { Worker } from 'node:worker_threads';
import { startModuleThread } from '../../../node/module-thread';
import { deserializeError, SemantikError } from '../../../shared/errors';
import type { TaskFilter } from '../../../shared/task-query';
import { childLogger } from '../../../node/logger';
import {
  isHistoryReadReply,
  type HistoryPage,
  type HistoryReadKind,
  type HistoryReadRequest,
  type HistoryReads,
  type HistoryThreadData,
  type SelectedJob,
  type ToHistoryThread,
} from './history-read-protocol';

const log = childLogger('history-reader');

/** A read that takes longer is given up and the thread restarted (the slowest seen take ~1 s). */
export const HISTORY_READ_TIMEOUT_MS = 30_000;
/** How long close() lets the thread finish its read and close its connection before ending it. */
const CLOSE_TIMEOUT_MS = 5_000;

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

function startThread(data: HistoryThreadData): Worker {
  return startModuleThread(import.meta.url, 'history-read-thread', { workerData: data });
}

/** Options of a HistoryReader. */
export interface HistoryReaderOptions {
  /** @defaultValue HISTORY_READ_TIMEOUT_MS */
  timeoutMs?: number;
}

/**
 * Sends reads to the thread and matches the replies to them by id. The thread starts at the first
 * read; after it dies or a read times out, the next read starts a new one.
 */
export class HistoryReader {
  private thread: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  private readonly timeoutMs: number;

  constructor(
    /** The SQLite file, opened read-only by the thread. */
    readonly dbPath: string,
    options: HistoryReaderOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? HISTORY_READ_TIMEOUT_MS;
  }

  /** One page of the tasks list and the counts per state under the filter (states aside). */
  page(filter: TaskFilter, sort: string, limit: number, offset: number): Promise<HistoryPage> {
    return this.request('page', { filter, sort, limit, offset });
  }

  /** The jobs a bulk action applies to, oldest first. */
  select(filter: TaskFilter, limit: number): Promise<SelectedJob[]> {
    return this.request('select', { filter, limit });
  }

  /** Fails the reads in flight, closes the thread's connection and ends the thread. */
  async close(): Promise<void> {
    this.closed = true;
    this.failAll(new SemantikError('UNAVAILABLE', 'The job history reader is closed'));
    const thread = this.thread;
    this.thread = null;
    if (!thread) return;
    const exited = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
    thread.postMessage({ type: 'close' } satisfies ToHistoryThread);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_TIMEOUT_MS)));
    await Promise.race([exited, late]);
    clearTimeout(timer);
    // Resolves at once when the thread has ended by itself.
    await thread.terminate();
  }

  private request<K extends HistoryReadKind>(type: K, args: HistoryReads[K]['args']): Promise<HistoryReads[K]['result']> {
    if (this.closed) return Promise.reject(new SemantikError('UNAVAILABLE', 'The job history reader is closed'));
    const thread = this.ensureThread();
    const id = this.nextId++;
    return new Promise<HistoryReads[K]['result']>((resolve, reject) => {
      const timer = setTimeout(() => this.timedOut(id), this.timeoutMs);
      // The reply to this id carries the result of this request's kind (the thread answers in kind).
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
      // `type` and `args` come from one entry of HistoryReads, which TS cannot see through K.
      thread.postMessage({ type, id, args } as HistoryReadRequest);
    });
  }

  private ensureThread(): Worker {
    if (this.thread) return this.thread;
    const thread = startThread({ dbPath: this.dbPath });
    // An idle reader must not keep the process alive; a read in flight does, through its timer.
    thread.unref();
    thread.on('message', (message: unknown) => this.onReply(message));
    thread.on('error', (error: Error) => {
      log.error({ err: error }, 'history thread failed');
      if (this.thread === thread) this.stopThread(new SemantikError('INTERNAL', `The history thread failed: ${error.message}`));
    });
    thread.on('exit', (code: number) => {
      if (this.thread !== thread) return;
      this.thread = null;
      this.failAll(new SemantikError('INTERNAL', `The history thread exited (code ${code})`));
    });
    this.thread = thread;
    return thread;
  }

  private onReply(message: unknown): void {
    if (!isHistoryReadReply(message)) {
      log.error({ message }, 'unexpected message from the history thread');
      return;
    }
    const call = this.pending.get(message.id);
    // Gone: it timed out, or the reader was closed, while the thread worked on it.
    if (!call) return;
    this.pending.delete(message.id);
    clearTimeout(call.timer);
    if (message.ok) call.resolve(message.value);
    else call.reject(deserializeError(message.error));
  }

  private timedOut(id: number): void {
    if (!this.pending.has(id)) return;
    const seconds = Math.round(this.timeoutMs / 100) / 10;
    log.warn({ id, timeoutMs: this.timeoutMs }, 'history read timed out; restarting the thread');
    // The thread answers in order: whatever waits behind a stuck read would wait as long.
    this.stopThread(new SemantikError('TIMEOUT', `Reading the job history took over ${seconds} s; the history thread was restarted`));
  }

  private stopThread(error: SemantikError): void {
    const thread = this.thread;
    this.thread = null;
    this.failAll(error);
    thread?.terminate().catch((cause: unknown) => log.error({ err: cause }, 'could not end the history thread'));
  }

  private failAll(error: Error): void {
    for (const call of this.pending.values()) {
      clearTimeout(call.timer);
      call.reject(error);
    }
    this.pending.clear();
  }
}
