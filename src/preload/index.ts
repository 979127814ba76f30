/**
 * The preload: implements the `Api` contract over IPC and exposes it as `window.semantik`, plus the
 * desktop-only helpers as `window.semantikHost`.
 *
 * It runs sandboxed, so it is built as CommonJS and imports only `electron` and plain code; the
 * contract's types are imported as types (its zod schemas stay in the supervisor).
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { Api, ApiCall, ApiEvent, ApiEvents, ApiInput, ApiOutputs, ApiReply } from '../shared/api';
import { deserializeError } from '../shared/errors';
import { API_CHANNEL, EVENT_CHANNEL, PICK_FOLDER_CHANNEL, SHOW_LOGS_CHANNEL } from './channels';

const api: Api = {
  async invoke<C extends ApiCall>(call: C, input: ApiInput<C>): Promise<ApiOutputs[C]> {
    // The main process answers `call` with that call's output type (it dispatches by name).
    const reply = (await ipcRenderer.invoke(API_CHANNEL, call, input)) as ApiReply<C>;
    if (reply.ok) return reply.value;
    throw deserializeError(reply.error);
  },
  on<E extends ApiEvent>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
    const handler = (_event: IpcRendererEvent, name: unknown, payload: unknown): void => {
      // The main process sends ApiEvents[E] for name E (see ipc-bridge.ts).
      if (name === event) listener(payload as ApiEvents[E]);
    };
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
};

const host = {
  /** The absolute path of a dropped file or folder (File.path is gone since Electron 32). */
  pathForFile: (file: File): string => webUtils.getPathForFile(file),
  pickFolder: async (): Promise<string | null> => {
    const picked: unknown = await ipcRenderer.invoke(PICK_FOLDER_CHANNEL);
    return typeof picked === 'string' ? picked : null;
  },
  /** Opens the logs folder in the file manager; rejects with what went wrong. */
  showLogs: async (): Promise<void> => {
    const problem: unknown = await ipcRenderer.invoke(SHOW_LOGS_CHANNEL);
    if (typeof problem === 'string') throw new Error(problem);
  },
};

contextBridge.exposeInMainWorld('semantik', api);
contextBridge.exposeInMainWorld('semantikHost', host);
