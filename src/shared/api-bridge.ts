/**
 * The desktop window's API as the preload exposes it through contextBridge, and the `Api` the page
 * builds on it.
 *
 * contextBridge copies what crosses it: a thrown Error keeps its message and loses every other
 * property, so an error's code would arrive as nothing. The preload therefore never throws an API
 * error across the bridge: it resolves with the reply as data (`ApiReply`, plain objects that copy
 * whole), and the page turns a failed reply back into a SemantikError with its code.
 */
import type { Api, ApiCall, ApiEvent, ApiEvents, ApiInput, ApiOutputs, ApiReply } from './api';
import { deserializeError } from './errors';

/** What the preload exposes as `window.semantik`: replies as data, events by name. */
export interface ApiBridge {
  call<C extends ApiCall>(call: C, input: ApiInput<C>): Promise<ApiReply<C>>;
  on<E extends ApiEvent>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
}

/** The `Api` over a bridge: a failed reply is thrown as the SemantikError it describes. */
export function apiOverBridge(bridge: ApiBridge): Api {
  return {
    async invoke<C extends ApiCall>(call: C, input: ApiInput<C>): Promise<ApiOutputs[C]> {
      const reply = await bridge.call(call, input);
      if (reply.ok) return reply.value;
      throw deserializeError(reply.error);
    },
    on: (event, listener) => bridge.on(event, listener),
  };
}
