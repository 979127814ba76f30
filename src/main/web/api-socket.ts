/**
 * One browser's API connection: `{ id, call, input }` in, `{ id, reply }` out, and the engine's
 * events pushed as `{ event, payload }`.
 */
import { z } from 'zod';
import type { WebSocket } from 'ws';
import type { ApiEvent, ApiEvents, ApiHandlers, ApiReply } from '../../shared/api';
import { SemantikError, serializeError } from '../../shared/errors';
import type { Engine } from '../engine/engine-types';
import { childLogger } from '../../node/logger';
import { API_EVENTS, dispatchCall, type DispatchOptions } from './dispatch';

const log = childLogger('web-monitor');

/**
 * A snapshot is dropped, not queued, when this much is still unsent: the next one replaces it, and
 * a slow client must not make the supervisor buffer without bound.
 */
export const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

const requestSchema = z.object({
  id: z.union([z.number().int(), z.string().max(64)]),
  call: z.string().max(64),
  input: z.unknown().optional(),
});

/** A request id as the client sent it; null when the message was not even a request. */
export type RequestId = number | string | null;

/** A reply as it travels on the socket. */
export interface SocketReply {
  id: RequestId;
  reply: ApiReply;
}

/** Serves the API on an accepted, authenticated socket until it closes. */
export function serveApiSocket(socket: WebSocket, engine: Engine, handlers: ApiHandlers, options: DispatchOptions): void {
  const unsubscribers = API_EVENTS.map((event) => engine.onEvent(event, (payload) => push(socket, event, payload)));
  socket.on('close', () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  });
  socket.on('error', (error) => log.warn({ err: error }, 'API socket error'));
  socket.on('message', (data, isBinary) => {
    void handleMessage(data.toString(), isBinary, handlers, options).then((reply) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(reply));
    });
  });
}

async function handleMessage(text: string, isBinary: boolean, handlers: ApiHandlers, options: DispatchOptions): Promise<SocketReply> {
  let request: z.infer<typeof requestSchema>;
  try {
    if (isBinary) throw new SemantikError('BAD_INPUT', 'Binary messages are not accepted');
    const parsed = requestSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new SemantikError('BAD_INPUT', 'A request must be { id, call, input }');
    request = parsed.data;
  } catch (error) {
    const serialized = serializeError(error instanceof SyntaxError ? new SemantikError('BAD_INPUT', 'A request must be JSON') : error);
    delete serialized.stack;
    return { id: null, reply: { ok: false, error: serialized } };
  }
  return { id: request.id, reply: await dispatchCall(handlers, request.call, request.input, options) };
}

function push<E extends ApiEvent>(socket: WebSocket, event: E, payload: ApiEvents[E]): void {
  if (socket.readyState !== socket.OPEN) return;
  if (event === 'monitor:update' && socket.bufferedAmount > MAX_BUFFERED_BYTES) return;
  socket.send(JSON.stringify({ event, payload }));
}
