/**
 * Entry of an extraction thread (a worker_threads Worker started by ExtractPool): reads the files
 * it is sent, one at a time, and answers with chunks or a reason. The pool kills it on a timeout;
 * V8 stops it when it reaches its heap limit; either way the worker process goes on.
 */
import { parentPort } from 'node:worker_threads';
import { extractDocument } from './extract-document';
import type { ThreadRequest, ThreadResponse } from './thread-protocol';

// Started only as a thread: without a parent port there is nothing to serve.
const port = parentPort;
port?.on('message', (request: ThreadRequest) => {
  const onParse = (): void => port.postMessage({ id: request.id, parsing: true } satisfies ThreadResponse);
  void extractDocument(request.path, request.bytes, request.chunkOptions, onParse).then((result) => {
    port.postMessage({ id: request.id, result } satisfies ThreadResponse);
  });
});
