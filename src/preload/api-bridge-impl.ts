/**
 * The preload's side of the API bridge over an IPC transport (Electron's ipcRenderer in the app;
 * anything with the same two methods in a test). No `electron` import: plain code, testable as is.
 */
import type { ApiBridge } from '../shared/api-bridge';
import type { ApiCall, ApiEvent, ApiEvents, ApiInput, ApiReply } from '../shared/api';
import { API_CHANNEL, EVENT_CHANNEL } from './channels';

/** The part of ipcRenderer the bridge uses. */
export interface IpcTransport {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** Builds the object exposed as `window.semantik`. */
export function createApiBridge(ipc: IpcTransport): ApiBridge {
  return {
    async call<C extends ApiCall>(call: C, input: ApiInput<C>): Promise<ApiReply<C>> {
      // The main process answers every call with an ApiReply for that call, never a throw (ipc-bridge.ts).
      return (await ipc.invoke(API_CHANNEL, call, input)) as ApiReply<C>;
    },
    on<E extends ApiEvent>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
      const handler = (_event: unknown, name: unknown, payload: unknown): void => {
        // The main process sends ApiEvents[E] for name E (see ipc-bridge.ts).
        if (name === event) listener(payload as ApiEvents[E]);
      };
      ipc.on(EVENT_CHANNEL, handler);
      return () => {
        ipc.removeListener(EVENT_CHANNEL, handler);
      };
    },
  };
}
