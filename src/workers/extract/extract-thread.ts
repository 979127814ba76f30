/**
 * Entry of an extraction thread (a worker_threads Worker started by ExtractPool): reads the files
 * it is sent, one at a time, and answers with chunks or a reason. While it reads, it reports its
 * memory (heap and native) to the pool's memory watch. The pool kills it on a timeout or past the
 * memory limit; V8 stops it when it reaches its heap limit; either way the worker process goes on.
 */
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { setArchiveLimits } from './archive/zip-archive';
import { extractDocument } from './extract-document';
import { MEMORY_WATCH_INTERVAL_MS } from './memory-watch';
import { threadDataSchema, type ThreadRequest, type ThreadResponse } from './thread-protocol';

/**
 * The thread's heap and the native memory V8 knows of (ArrayBuffers, zlib's output, …). From V8's
 * own counters: `process.memoryUsage()` would also read the process's resident set from the OS,
 * which is not needed here and costs more than extracting a small file.
 */
function memoryInUse(): number {
  const heap = getHeapStatistics();
  return heap.used_heap_size + heap.external_memory;
}

// Started only as a thread: without a parent port there is nothing to serve.
const port = parentPort;
if (port) setArchiveLimits(threadDataSchema.parse(workerData).archiveLimits);
port?.on('message', (request: ThreadRequest) => {
  const report = (): void => port.postMessage({ id: request.id, memory: memoryInUse() } satisfies ThreadResponse);
  const onParse = (): void => {
    port.postMessage({ id: request.id, parsing: true } satisfies ThreadResponse);
    report();
  };
  const reporter = setInterval(report, MEMORY_WATCH_INTERVAL_MS);
  void extractDocument(request.path, request.bytes, request.chunkOptions, onParse).then((result) => {
    clearInterval(reporter);
    port.postMessage({ id: request.id, result, memory: memoryInUse() } satisfies ThreadResponse);
  });
});
