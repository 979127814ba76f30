/**
 * The preload: exposes the API bridge over IPC as `window.semantik` (replies as data: see
 * shared/api-bridge.ts) and the desktop-only helpers as `window.semantikHost`.
 *
 * It runs sandboxed, so it is built as CommonJS and imports only `electron` and plain code; the
 * contract's types are imported as types (its zod schemas stay in the supervisor).
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createApiBridge } from './api-bridge-impl';
import { PICK_FOLDER_CHANNEL, SHOW_LOGS_CHANNEL } from './channels';

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

contextBridge.exposeInMainWorld('semantik', createApiBridge(ipcRenderer));
contextBridge.exposeInMainWorld('semantikHost', host);
