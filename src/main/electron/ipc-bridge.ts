/**
 * Binds the engine to IPC: calls from the app's own page are validated and dispatched; events are
 * forwarded to the window. Calls from any other frame (an injected iframe, a page navigated to
 * elsewhere) are refused.
 */
import { dialog, ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { ApiReply } from '../../shared/api';
import { SemantikError, serializeError } from '../../shared/errors';
import type { Engine } from '../engine/engine-types';
import { childLogger } from '../../node/logger';
import { API_EVENTS, dispatchCall } from '../web/dispatch';
import { API_CHANNEL, EVENT_CHANNEL, PICK_FOLDER_CHANNEL, SHOW_LOGS_CHANNEL } from '../../preload/channels';
import { isAppUrl } from './app-url';

const log = childLogger('electron-ipc');

/**
 * Installs the IPC handlers; returns a function that removes them and the event forwarding.
 *
 * Takes the engine as a promise so the window can open (and show "loading") while Redis and the
 * workers start: calls made meanwhile wait for it.
 */
export function bindEngineToIpc(
  engineReady: Promise<Engine>,
  options: { pageUrl: string; window: () => BrowserWindow | null; showLogs: () => Promise<void> },
): () => void {
  const trusted = (event: IpcMainInvokeEvent): boolean => {
    const frame = event.senderFrame;
    // Only the top frame of our page: a subframe, even one on an allowed URL, gets nothing.
    const ok = frame !== null && frame.parent === null && isAppUrl(frame.url, options.pageUrl);
    if (!ok) log.warn({ url: frame?.url ?? null }, 'IPC from a foreign frame refused');
    return ok;
  };

  ipcMain.handle(API_CHANNEL, async (event, call: unknown, input: unknown): Promise<ApiReply> => {
    if (!trusted(event))
      return { ok: false, error: serializeError(new SemantikError('FORBIDDEN', 'IPC is accepted only from the app page')) };
    let engine: Engine;
    try {
      engine = await engineReady;
    } catch (error) {
      return { ok: false, error: serializeError(new SemantikError('UNAVAILABLE', 'The engine did not start', { cause: error })) };
    }
    return dispatchCall(engine.handlers, call, input, { mode: 'electron', readOnly: false, includeStack: true });
  });
  ipcMain.handle(PICK_FOLDER_CHANNEL, async (event): Promise<string | null> => {
    const window = options.window();
    if (!trusted(event) || window === null) return null;
    const result = await dialog.showOpenDialog(window, { title: 'Add a folder to the index', properties: ['openDirectory'] });
    return result.canceled ? null : (result.filePaths[0] ?? null);
  });
  ipcMain.handle(SHOW_LOGS_CHANNEL, async (event): Promise<string | null> => {
    if (!trusted(event)) return 'Refused: not the app page';
    try {
      await options.showLogs();
      return null;
    } catch (error) {
      log.error({ err: error }, 'could not show the logs');
      return error instanceof Error ? error.message : String(error);
    }
  });

  const unsubscribers: Array<() => void> = [];
  let unbound = false;
  engineReady.then(
    (engine) => {
      if (unbound) return;
      for (const name of API_EVENTS) {
        unsubscribers.push(
          engine.onEvent(name, (payload) => {
            const window = options.window();
            if (window !== null && !window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, name, payload);
          }),
        );
      }
    },
    // The caller reports a failed start; here there is just nothing to forward.
    () => undefined,
  );
  return () => {
    unbound = true;
    ipcMain.removeHandler(API_CHANNEL);
    ipcMain.removeHandler(PICK_FOLDER_CHANNEL);
    ipcMain.removeHandler(SHOW_LOGS_CHANNEL);
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
