/**
 * The Electron shell's entry: one instance, the engine (workers as utility processes), the window,
 * the IPC bridge, the tray, taskbar progress and notifications; quitting stops the engine.
 */
import { app, BrowserWindow, dialog, Notification, shell } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../engine/engine';
import type { Engine } from '../engine/engine-types';
import { childLogger } from '../../node/logger';
import { bindEngineToIpc } from './ipc-bridge';
import { createAppTray, type AppTray } from './tray';
import { taskbarProgress } from './taskbar-progress';
import { createUtilityProcessLauncher } from './utility-launcher';
import { startLocalWebMonitor, stopLocalWebMonitor } from './web-monitor-launch';
import { appPageUrl, createMainWindow, hardenSession } from './window';

const log = childLogger('electron');
/** Where the bundles are: out/main (this file), out/preload, out/renderer. */
const mainDir = dirname(fileURLToPath(import.meta.url));
const rendererDir = join(mainDir, '../renderer');

let engine: Engine | null = null;
let window: BrowserWindow | null = null;
let tray: AppTray | null = null;
let quitting = false;

if (!app.requestSingleInstanceLock()) {
  // Another instance owns the data folder and its Redis: hand over to it and leave.
  app.quit();
} else {
  app.on('second-instance', () => showWindow());
  app.on('before-quit', (event) => {
    if (engine === null) return;
    // Stop workers, then Redis, before exiting, so queued work is kept (AOF) and no job is cut.
    event.preventDefault();
    quitting = true;
    const stopping = engine;
    engine = null;
    tray?.destroy();
    void stopLocalWebMonitor()
      .then(() => stopping.stop())
      .catch((error: unknown) => log.error({ err: error }, 'engine stop failed'))
      .finally(() => app.quit());
  });
  // The app lives in the tray: closing the last window does not quit it (the tray's Quit does).
  app.on('window-all-closed', () => undefined);
  app.whenReady().then(start, fail);
}

async function start(): Promise<void> {
  hardenSession();
  const resourcesDir = app.isPackaged ? process.resourcesPath : join(app.getAppPath(), 'resources');
  // Workers inherit the environment: they find the bundled model through it.
  process.env.SEMANTIK_RESOURCES_DIR ??= resourcesDir;
  const running = await createEngine({
    launcher: createUtilityProcessLauncher(),
    mode: 'electron',
    workerEntry: join(mainDir, 'worker-main.js'),
    resourcesDir,
    opener: {
      open: async (path) => {
        const problem = await shell.openPath(path);
        if (problem !== '') throw new Error(problem);
      },
      reveal: async (path) => shell.showItemInFolder(path),
    },
  });
  engine = running;
  const pageUrl = appPageUrl(rendererDir);
  window = openWindow(pageUrl);
  bindEngineToIpc(running, { pageUrl, window: () => window });

  tray = createAppTray(
    { targetWorkers: 0, maxWorkers: 0, paused: false, indexing: 0 },
    {
      scale: (count) => void running.handlers['workers:scale']({ count }).catch(reportFailure('scale workers')),
      pause: () => void running.handlers['queue:pause']({}).catch(reportFailure('pause the queues')),
      resume: () => void running.handlers['queue:resume']({}).catch(reportFailure('resume the queues')),
      showWindow,
      openWebMonitor: () => void openWebMonitor(running),
      quit: () => app.quit(),
    },
  );
  running.onEvent('monitor:update', (snapshot) => {
    tray?.update(snapshot);
    if (window !== null && !window.isDestroyed()) window.setProgressBar(taskbarProgress(snapshot));
  });
  running.onEvent('folder:finished', ({ path, indexed, failed }) => {
    if (!Notification.isSupported()) return;
    const body = `${indexed} files indexed${failed > 0 ? `, ${failed} failed` : ''}`;
    new Notification({ title: `Finished indexing ${path}`, body }).show();
  });
  log.info({ dataDir: running.dataDir }, 'desktop app started');
}

function openWindow(pageUrl: string): BrowserWindow {
  const created = createMainWindow({ pageUrl, preload: join(mainDir, '../preload/index.cjs') });
  created.on('close', (event) => {
    // Closing hides to the tray; indexing goes on. Quit comes from the tray or the app menu.
    if (!quitting) {
      event.preventDefault();
      created.hide();
    }
  });
  return created;
}

/** Starts the web monitor if needed, shows how to log in, then opens it in the browser. */
async function openWebMonitor(running: Engine): Promise<void> {
  try {
    const { monitor, credentials } = await startLocalWebMonitor(running, rendererDir);
    const password = credentials.generated ? `password: ${credentials.password}` : 'password: the one in SEMANTIK_MONITOR_AUTH';
    await dialog.showMessageBox({
      type: 'info',
      title: 'Web monitor',
      message: `The web monitor is at ${monitor.url}`,
      detail: `Log in with user: ${credentials.user}, ${password}`,
      buttons: ['Open in browser'],
    });
    await shell.openExternal(monitor.url);
  } catch (error) {
    reportFailure('open the web monitor')(error);
    dialog.showErrorBox('Web monitor', error instanceof Error ? error.message : String(error));
  }
}

function showWindow(): void {
  if (window === null || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

function reportFailure(what: string): (error: unknown) => void {
  return (error) => log.error({ err: error }, `could not ${what}`);
}

function fail(error: unknown): void {
  log.fatal({ err: error }, 'the desktop app could not start');
  // Nothing is shown yet: say why in a native box, then leave.
  dialog.showErrorBox('Semantik could not start', error instanceof Error ? error.message : String(error));
  app.exit(1);
}
