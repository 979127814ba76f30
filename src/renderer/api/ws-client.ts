/**
 * The API over the web monitor's WebSocket: the same `Api` the preload gives the desktop window.
 *
 * Calls made while the socket is down wait for it (up to the call timeout); a dropped socket fails
 * the calls in flight, then reconnects with backoff. The session cookie set at login authorises
 * the socket (see src/main/web/auth.ts).
 */
import type { Api, ApiCall, ApiEvent, ApiEvents, ApiInput, ApiOutputs, ApiReply } from '../../shared/api';
import { createPendingCalls } from './pending-calls';

/** A call that gets no reply in this time fails with TIMEOUT (search on a big index is the slowest). */
export const CALL_TIMEOUT_MS = 120_000;
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 5_000;

/** State of the socket, shown in the header. */
export type ConnectionStatus = 'connecting' | 'open' | 'closed';

/** The web client: the `Api`, plus the connection's status. */
export interface WebSocketApi extends Api {
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  close(): void;
}

/**
 * Connects to `url` (ws:// or wss://) and keeps reconnecting until `close()`; `sessionUrl` is a page
 * of the same server whose response renews the session cookie.
 */
export function createWebSocketApi(url: string, sessionUrl: string): WebSocketApi {
  const calls = createPendingCalls(CALL_TIMEOUT_MS);
  const listeners = new Map<ApiEvent, Set<(payload: unknown) => void>>();
  const statusListeners = new Set<(status: ConnectionStatus) => void>();
  let socket: WebSocket | null = null;
  let delay = RECONNECT_MIN_MS;
  let closed = false;

  const setStatus = (status: ConnectionStatus): void => statusListeners.forEach((listener) => listener(status));

  const connect = (): void => {
    setStatus('connecting');
    const ws = new WebSocket(url);
    socket = ws;
    ws.addEventListener('open', () => {
      delay = RECONNECT_MIN_MS;
      setStatus('open');
      calls.sendUnsent((message) => ws.send(message));
    });
    ws.addEventListener('message', (event) => onMessage(String(event.data)));
    ws.addEventListener('close', () => {
      socket = null;
      setStatus('closed');
      calls.failSent();
      if (!closed) setTimeout(reconnect, delay);
      delay = Math.min(delay * 2, RECONNECT_MAX_MS);
    });
  };

  // The session cookie may have expired (or the server restarted and forgot it): a same-origin
  // request, which the browser sends with the Basic credentials it logged in with, renews it.
  const reconnect = (): void => {
    if (closed) return;
    void fetch(sessionUrl, { method: 'HEAD', credentials: 'same-origin', cache: 'no-store' })
      .catch(() => undefined)
      .finally(connect);
  };

  const onMessage = (text: string): void => {
    const message = JSON.parse(text) as { id?: number | null; reply?: ApiReply; event?: ApiEvent; payload?: unknown };
    if (message.event !== undefined) {
      listeners.get(message.event)?.forEach((listener) => listener(message.payload));
      return;
    }
    if (typeof message.id === 'number' && message.reply !== undefined) calls.settle(message.id, message.reply);
  };

  connect();

  return {
    invoke<C extends ApiCall>(call: C, input: ApiInput<C>): Promise<ApiOutputs[C]> {
      return calls.add(call, input, (message) => {
        if (socket?.readyState !== WebSocket.OPEN) return false;
        socket.send(message);
        return true;
      });
    },
    on<E extends ApiEvent>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      // Payloads of `event` are ApiEvents[E]: the server sends them from the engine's typed emitter.
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    close() {
      closed = true;
      socket?.close();
    },
  };
}
