/**
 * The web client's calls awaiting a reply, by id. Each settles on its reply, on its timeout, or,
 * once sent, on the loss of the connection that carried it.
 */
import type { ApiCall, ApiInput, ApiOutputs, ApiReply } from '../../shared/api';
import { deserializeError, SemantikError } from '../../shared/errors';

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
  message: string;
  sent: boolean;
}

/** The calls in flight over one reconnecting socket. */
export interface PendingCalls {
  /**
   * Registers a call and hands its message to `send`, which says whether the message went out; one
   * that did not (the socket is down) goes with `sendUnsent` once a socket opens.
   */
  add<C extends ApiCall>(call: C, input: ApiInput<C>, send: (message: string) => boolean): Promise<ApiOutputs[C]>;
  /** Sends every call not sent yet. */
  sendUnsent(send: (message: string) => void): void;
  /** Fails the calls already sent, as the connection is lost: they may or may not have run. Unsent ones wait. */
  failSent(): void;
  /** Settles the call `reply` answers; a reply to no call in flight (one that timed out) is dropped. */
  settle(id: number, reply: ApiReply): void;
}

/** Calls that fail with TIMEOUT when no reply comes within `timeoutMs`. */
export function createPendingCalls(timeoutMs: number): PendingCalls {
  const pending = new Map<number, Pending>();
  let nextId = 1;
  return {
    add<C extends ApiCall>(call: C, input: ApiInput<C>, send: (message: string) => boolean): Promise<ApiOutputs[C]> {
      return new Promise<ApiOutputs[C]>((resolve, reject) => {
        const id = nextId++;
        const message = JSON.stringify({ id, call, input });
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new SemantikError('TIMEOUT', `${call} got no answer in ${timeoutMs / 1000} s`));
        }, timeoutMs);
        // The reply to this id is the output of `call`; the server's handler map guarantees it.
        const entry: Pending = { resolve: (value) => resolve(value as ApiOutputs[C]), reject, timer, message, sent: false };
        pending.set(id, entry);
        entry.sent = send(message);
      });
    },
    sendUnsent(send) {
      for (const call of pending.values()) {
        if (!call.sent) {
          send(call.message);
          call.sent = true;
        }
      }
    },
    failSent() {
      for (const [id, call] of pending) {
        if (!call.sent) continue;
        pending.delete(id);
        clearTimeout(call.timer);
        call.reject(new SemantikError('UNAVAILABLE', 'Connection to the monitor was lost; try again'));
      }
    },
    settle(id, reply) {
      const call = pending.get(id);
      if (call === undefined) return;
      pending.delete(id);
      clearTimeout(call.timer);
      if (reply.ok) call.resolve(reply.value);
      else call.reject(deserializeError(reply.error));
    },
  };
}
