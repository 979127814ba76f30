/**
 * An {@link Embedder} whose model runs in a worker thread (embed-thread.ts), so that a long
 * `session.run` never starves the worker process's timers: GPU lease renewals, heartbeats and
 * BullMQ's lock renewals go on while the model runs.
 *
 * Each call gets a small shared block: the process sets its abort flag when the caller's signal
 * fires and refreshes its "usable until" deadline from the lease; the thread reads both before
 * every batch, synchronously, so even after a SIGSTOP/SIGCONT no batch starts on a device the
 * lease no longer covers.
 */
import type { Worker } from 'node:worker_threads';
import { startModuleThread } from '../module-thread';
import { SemantikError } from '../../shared/errors';
import { childLogger } from '../logger';
import type { EmbedCallOptions, Embedder, EmbedderOptions } from './embedder';
import { CONTROL_ABORT, CONTROL_SLOTS, CONTROL_UNTIL, NO_DEADLINE, type FromThread, type ToThread } from './embed-thread-protocol';

const log = childLogger('embed-thread');
/** How often the deadline in the shared block is refreshed from the caller's `usableUntil`. */
const DEADLINE_REFRESH_MS = 50;
/** Loading a model can take long on a busy machine; a thread that never answers is given up. */
export const THREAD_LOAD_TIMEOUT_MS = 120_000;

interface Pending {
  resolve(vectors: Float32Array): void;
  reject(error: unknown): void;
  signal?: AbortSignal;
}

function startThread(options: EmbedderOptions): Worker {
  return startModuleThread(import.meta.url, 'embed-thread', { workerData: options });
}

/** Starts a thread, loads the model there and resolves once it is ready to embed. */
export async function createThreadedEmbedder(options: EmbedderOptions): Promise<Embedder> {
  const thread = startThread(options);
  const calls = new ThreadCalls(thread);
  let loaded;
  try {
    loaded = await calls.ready;
  } catch (error) {
    await thread.terminate();
    throw error;
  }
  log.debug({ device: loaded.device }, 'embedding thread ready');
  return {
    info: loaded.info,
    device: loaded.device,
    ...(loaded.fallbackReason ? { fallbackReason: loaded.fallbackReason } : {}),
    embed: (texts, callOptions) => calls.embed(texts, callOptions),
    dispose: () => calls.dispose(),
  };
}

type Ready = Extract<FromThread, { type: 'ready' }>;

/** One embedding thread seen from the process: its load, the calls in flight, and how it ended. */
class ThreadCalls {
  /** Resolves once the model is loaded; rejects if it fails to load, the thread dies, or the load takes too long. */
  readonly ready: Promise<Ready>;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private dead: Error | null = null;
  private disposed: (() => void) | null = null;
  private closing = false;

  constructor(private readonly thread: Worker) {
    this.ready = new Promise<Ready>((resolve, reject) => this.listen(resolve, reject));
  }

  embed(texts: readonly string[], callOptions?: EmbedCallOptions): Promise<Float32Array> {
    if (this.dead) return Promise.reject(this.dead);
    // Once closing, the thread releases its session: a call sent after that must not reach it.
    if (this.closing) return Promise.reject(new SemantikError('MODEL', 'the embedding thread is closed'));
    if (callOptions?.signal?.aborted) return Promise.reject(callOptions.signal.reason);
    const id = this.nextId++;
    const control = controlBlock(callOptions);
    return new Promise<Float32Array>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, ...(callOptions?.signal ? { signal: callOptions.signal } : {}) });
      this.thread.postMessage({ type: 'embed', id, texts, control: control.block } satisfies ToThread);
    }).finally(() => control.release());
  }

  async dispose(): Promise<void> {
    if (this.dead) return;
    this.closing = true;
    const done = new Promise<void>((resolve) => (this.disposed = resolve));
    this.thread.postMessage({ type: 'dispose' } satisfies ToThread);
    await done;
    await this.thread.terminate();
  }

  private listen(resolve: (ready: Ready) => void, reject: (error: unknown) => void): void {
    const timer = setTimeout(
      () => reject(new SemantikError('TIMEOUT', 'the embedding thread did not load the model in time')),
      THREAD_LOAD_TIMEOUT_MS,
    );
    timer.unref();
    this.thread.on('message', (message: FromThread) => {
      switch (message.type) {
        case 'ready':
          clearTimeout(timer);
          resolve(message);
          return;
        case 'failed-to-load':
          clearTimeout(timer);
          reject(new SemantikError('MODEL', message.message));
          return;
        case 'result':
          this.settle(message.id, (call) => call.resolve(message.vectors));
          return;
        case 'error':
          this.settle(message.id, (call) => call.reject(threadError(message, call.signal)));
          return;
        case 'disposed':
          this.disposed?.();
          return;
      }
    });
    this.thread.on('error', (error) => this.fail(error, reject));
    this.thread.on('exit', (code) => this.fail(new SemantikError('MODEL', `the embedding thread exited (code ${code})`), reject));
  }

  private settle(id: number, action: (call: Pending) => void): void {
    const call = this.pending.get(id);
    this.pending.delete(id);
    if (call) action(call);
  }

  private fail(error: Error, rejectLoad: (error: unknown) => void): void {
    this.dead ??= error;
    rejectLoad(error);
    for (const call of this.pending.values()) call.reject(error);
    this.pending.clear();
    this.disposed?.();
  }
}

/**
 * The shared block of one call: its deadline kept fresh from `usableUntil`, its abort flag set when
 * the signal fires. `release` stops both.
 */
function controlBlock(callOptions: EmbedCallOptions | undefined): { block: SharedArrayBuffer; release(): void } {
  const block = new SharedArrayBuffer(CONTROL_SLOTS * BigInt64Array.BYTES_PER_ELEMENT);
  const control = new BigInt64Array(block);
  const refresh = (): void => {
    const until = callOptions?.usableUntil?.() ?? Infinity;
    Atomics.store(control, CONTROL_UNTIL, Number.isFinite(until) ? BigInt(Math.floor(until)) : NO_DEADLINE);
  };
  refresh();
  const timer = callOptions?.usableUntil ? setInterval(refresh, DEADLINE_REFRESH_MS) : undefined;
  const onAbort = (): void => void Atomics.store(control, CONTROL_ABORT, 1n);
  callOptions?.signal?.addEventListener('abort', onAbort, { once: true });
  return {
    block,
    release: () => {
      clearInterval(timer);
      callOptions?.signal?.removeEventListener('abort', onAbort);
    },
  };
}

function threadError(message: Extract<FromThread, { type: 'error' }>, signal: AbortSignal | undefined): unknown {
  // Aborted: surface the caller's own reason (a lost lease, a hand-back, a time limit).
  if (message.kind === 'aborted' && signal?.aborted) return signal.reason;
  if (message.kind === 'fenced') return new SemantikError('GPU', message.message);
  const error = new SemantikError('MODEL', message.message);
  // OOM detection (oom-split.ts) reads the message; keep the thread's error name for the logs.
  error.stack = `${message.name}: ${message.message}\n    (in the embedding thread)`;
  return error;
}
