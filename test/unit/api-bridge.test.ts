/**
 * The desktop window's API across the preload: the main process's reply (dispatchCall), the IPC
 * transport and contextBridge copy what they carry, and the page gets the error's code back.
 *
 * No Electron here: its copies are modelled with structuredClone (IPC and contextBridge copy data
 * with the structured clone algorithm; a thrown Error crosses contextBridge as a new Error with
 * its message only, see CONTEXT_BRIDGE_REJECTION).
 */
import { describe, expect, it } from 'vitest';
import type { ApiHandlers } from '../../src/shared/api';
import { apiOverBridge, type ApiBridge } from '../../src/shared/api-bridge';
import { SemantikError } from '../../src/shared/errors';
import { dispatchCall } from '../../src/main/web/dispatch';
import { createApiBridge, type IpcTransport } from '../../src/preload/api-bridge-impl';
import { API_CHANNEL } from '../../src/preload/channels';

const handlers = {
  'tasks:get': async ({ queue, id }: { queue: string; id: string }) => {
    throw new SemantikError('NOT_FOUND', `No job ${id} in queue ${queue}`);
  },
  'app:info': async () => ({ version: '1.2.3' }),
} as unknown as ApiHandlers;

/** ipcRenderer.invoke against the main process's handler (ipc-bridge.ts), with IPC's copy. */
const ipc: IpcTransport = {
  invoke: async (channel, call, input) => {
    expect(channel).toBe(API_CHANNEL);
    return structuredClone(await dispatchCall(handlers, call, input, { mode: 'electron', readOnly: false, includeStack: false }));
  },
  on: () => undefined,
  removeListener: () => undefined,
};

/** What the page sees of a rejection that crossed contextBridge: a new Error with the message only. */
function CONTEXT_BRIDGE_REJECTION(error: unknown): Error {
  return new Error(error instanceof Error ? error.message : String(error));
}

/** The bridge as the page holds it: resolved values copied, rejections reduced to their message. */
function acrossContextBridge(bridge: ApiBridge): ApiBridge {
  return {
    call: (call, input) =>
      bridge.call(call, structuredClone(input)).then(
        (reply) => structuredClone(reply),
        (error: unknown) => {
          throw CONTEXT_BRIDGE_REJECTION(error);
        },
      ),
    on: bridge.on,
  };
}

describe('the API across the preload', () => {
  it('keeps an error code from the main process to the page', async () => {
    const api = apiOverBridge(acrossContextBridge(createApiBridge(ipc)));
    const failure = await api.invoke('tasks:get', { queue: 'extract', id: '42' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SemantikError);
    expect(failure).toMatchObject({ code: 'NOT_FOUND', message: 'No job 42 in queue extract' });
  });

  it('passes values through', async () => {
    const api = apiOverBridge(acrossContextBridge(createApiBridge(ipc)));
    await expect(api.invoke('app:info', {})).resolves.toMatchObject({ version: '1.2.3' });
  });

  it('refuses bad input with BAD_INPUT, not INTERNAL', async () => {
    const api = apiOverBridge(acrossContextBridge(createApiBridge(ipc)));
    await expect(api.invoke('tasks:get', { queue: 42 } as never)).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('would lose the code if the preload threw the error across the bridge (why replies cross as data)', async () => {
    const thrown = CONTEXT_BRIDGE_REJECTION(new SemantikError('NOT_FOUND', 'No job 42 in queue extract'));
    expect((thrown as { code?: unknown }).code).toBeUndefined();
    expect((structuredClone(new SemantikError('NOT_FOUND', 'gone')) as { code?: unknown }).code).toBeUndefined();
  });
});
