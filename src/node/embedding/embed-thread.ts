/**
 * Entry of an embedding thread: loads the model once, then embeds the texts it is sent.
 *
 * `session.run` and tokenisation block the thread they run on for as long as a batch takes; here
 * that is this thread, so the worker process's event loop stays free for GPU lease renewals,
 * heartbeats and BullMQ lock renewals (DESIGN: "keep lease renewal and heartbeats from starving").
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SemantikError } from '../../shared/errors';
import { createEmbedder, type Embedder, type EmbedderOptions } from './embedder';
import { CONTROL_ABORT, CONTROL_UNTIL, type FromThread, type ToThread } from './embed-thread-protocol';
import { lowerThreadPriority } from './thread-priority';

class ThreadAbort extends Error {
  override readonly name = 'ThreadAbort';
}

function post(message: FromThread, transfer: ArrayBuffer[] = []): void {
  parentPort?.postMessage(message, transfer);
}

async function main(): Promise<void> {
  const options = workerData as EmbedderOptions;
  // Before the session starts its own threads, so they inherit it.
  if (options.lowPriority === true) lowerThreadPriority();
  let embedder: Embedder;
  try {
    embedder = await createEmbedder(options);
  } catch (error) {
    const cause = error instanceof SemantikError && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    post({ type: 'failed-to-load', message: `${error instanceof Error ? error.message : String(error)}${cause}` });
    return;
  }
  post({
    type: 'ready',
    info: embedder.info,
    device: embedder.device,
    ...(embedder.fallbackReason ? { fallbackReason: embedder.fallbackReason } : {}),
  });
  // One call at a time: a second request waits for the first (the session is the bottleneck).
  let queue: Promise<void> = Promise.resolve();
  let released = false;
  parentPort?.on('message', (message: ToThread) => {
    if (message.type === 'dispose') {
      queue = queue.then(async () => {
        released = true;
        await embedder.dispose();
        post({ type: 'disposed' });
      });
      return;
    }
    // A released session must never run again: onnxruntime would read freed memory.
    queue = queue.then(() =>
      released
        ? post({ type: 'error', id: message.id, kind: 'error', message: 'the model session is released', name: 'Error' })
        : runCall(embedder, message),
    );
  });
}

async function runCall(embedder: Embedder, message: Extract<ToThread, { type: 'embed' }>): Promise<void> {
  const control = new BigInt64Array(message.control);
  const signal = {
    // The flag is set by the process at any time; read it fresh before each batch.
    get aborted() {
      return Atomics.load(control, CONTROL_ABORT) !== 0n;
    },
  };
  try {
    const vectors = await embedder.embed(message.texts, {
      usableUntil: () => {
        if (signal.aborted) throw new ThreadAbort('aborted by the worker');
        return Number(Atomics.load(control, CONTROL_UNTIL));
      },
    });
    post({ type: 'result', id: message.id, vectors }, [vectors.buffer as ArrayBuffer]);
  } catch (error) {
    const kind = error instanceof ThreadAbort ? 'aborted' : error instanceof SemantikError && error.code === 'GPU' ? 'fenced' : 'error';
    const failure = error instanceof Error ? error : new Error(String(error));
    post({ type: 'error', id: message.id, kind, message: failure.message, name: failure.name });
  }
}

void main();
