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
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let dead: Error | null = null;
  let disposed: (() => void) | null = null;

  const ready = new Promise<Extract<FromThread, { type: 'ready' }>>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new SemantikError('TIMEOUT', 'the embedding thread did not load the model in time')),
      THREAD_LOAD_TIMEOUT_MS,
    );
    timer.unref();
    thread.on('message', (message: FromThread) => {
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
          settle(message.id, (call) => call.resolve(message.vectors));
          return;
        case 'error':
          settle(message.id, (call) => call.reject(threadError(message, call.signal)));
          return;
        case 'disposed':
          disposed?.();
          return;
      }
    });
    thread.on('error', (error) => fail(error, reject));
    thread.on('exit', (code) => fail(new SemantikError('MODEL', `the embedding thread exited (code ${code})`), reject));
  });

  function settle(id: number, action: (call: Pending) => void): void {
    const call = pending.get(id);
    pending.delete(id);
    if (call) action(call);
  }

  function fail(error: Error, rejectLoad: (error: unknown) => void): void {
    dead ??= error;
    rejectLoad(error);
    for (const call of pending.values()) call.reject(error);
    pending.clear();
    disposed?.();
  }

  let loaded;
  try {
    loaded = await ready;
  } catch (error) {
    await thread.terminate();
    throw error;
  }
  log.debug({ device: loaded.device }, 'embedding thread ready');

  return {
    info: loaded.info,
    device: loaded.device,
    ...(loaded.fallbackReason ? { fallbackReason: loaded.fallbackReason } : {}),
    embed(texts: readonly string[], callOptions?: EmbedCallOptions): Promise<Float32Array> {
      if (dead) return Promise.reject(dead);
      if (callOptions?.signal?.aborted) return Promise.reject(callOptions.signal.reason);
      const id = nextId++;
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
      return new Promise<Float32Array>((resolve, reject) => {
        pending.set(id, { resolve, reject, ...(callOptions?.signal ? { signal: callOptions.signal } : {}) });
        thread.postMessage({ type: 'embed', id, texts, control: block } satisfies ToThread);
      }).finally(() => {
        clearInterval(timer);
        callOptions?.signal?.removeEventListener('abort', onAbort);
      });
    },
    async dispose(): Promise<void> {
      if (dead) return;
      const done = new Promise<void>((resolve) => (disposed = resolve));
      thread.postMessage({ type: 'dispose' } satisfies ToThread);
      await done;
      await thread.terminate();
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
