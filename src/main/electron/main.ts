/**
 * The Electron shell's entry: one instance, the engine (workers as utility processes), the window,
 * the IPC bridge, the tray, taskbar progress and notifications; quitting stops the engine. Its log
 * lines (and, through the pool, the workers') are kept in `<data folder>/logs`.
 */
import { app, BrowserWindow, dialog, Notification, shell } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataDirFrom } from '../engine/config';
import { createEngine } from '../engine/engine';
import { openOrReveal, type OsFileShell } from '../engine/file-open/open-or-reveal';
import { loadSettings } from '../engine/settings/load-settings';
import type { Engine } from '../engine/engine-types';
import { appUserModelId } from './app-identity';
import { logsDirOf } from '../../node/log-file';
import { childLogger, keepLogFile } from '../../node/logger';
import { bindEngineToIpc } from './ipc-bridge';
import { STOP_DEADLINE_MS, STOPPING_TITLE, withDeadline } from './quit-deadline';
import { createAppTray, type AppTray } from './tray';
import { taskbarProgress } from './taskbar-progress';
import { createUtilityProcessLauncher } from './utility-launcher';
import { startLocalWebMonitor, stopLocalWebMonitor } from './web-monitor-launch';
import { appPageUrl, createMainWindow, hardenSession } from './window';
import { closeHidesWindow } from './window-close';

const log = childLogger('electron');
/** Where the bundles are: out/main (this file), out/preload, out/renderer. */
const mainDir = dirname(fileURLToPath(import.meta.url));
const rendererDir = join(mainDir, '../renderer');
/** The engine's data folder is the environment's (SEMANTIK_DATA_DIR) or the OS-standard one: so is its logs folder. */
const logsDir = logsDirOf(dataDirFrom(process.env));

/** The OS's default app and file manager, through Electron. */
const osShell: OsFileShell = {
  openDefault: async (path) => {
    const problem = await shell.openPath(path);
    if (problem !== '') throw new Error(problem);
  },
  reveal: async (path) => shell.showItemInFolder(path),
};

let engineReady: Promise<Engine> | null = null;
let window: BrowserWindow | null = null;
let tray: AppTray | null = null;
/** A quit first stops the engine ('stopping'); the app then quits for good ('stopped'). */
let quitState: 'running' | 'stopping' | 'stopped' = 'running';

if (!app.requestSingleInstanceLock()) {
  // Another instance owns the data folder and its Redis: hand over to it and leave.
  app.quit();
} else {
  // Windows shows notifications only for an app whose ID matches its Start menu shortcut's.
  const modelId = appUserModelId(process.platform);
  if (modelId !== null) app.setAppUserModelId(modelId);
  // Only the instance that owns the data folder writes (and rotates) its log file.
  keepLogFile(logsDir);
  app.on('second-instance', () => showWindow());
  app.on('activate', () => showWindow());
  app.on('before-quit', (event) => {
    if (quitState === 'stopped' || engineReady === null) return;
    // Stop workers, then Redis, before exiting, so queued work is kept (AOF) and no job is cut;
    // an engine still starting is waited for, so its Redis is not left behind. A second quit
    // meanwhile waits for the same stop. Past STOP_DEADLINE_MS the app exits anyway (why that
    // leaves nothing running: quit-deadline.ts).
    event.preventDefault();
    if (quitState === 'stopping') return;
    quitState = 'stopping';
    showStopping();
    const stopped = stopLocalWebMonitor()
      .then(() => engineReady)
      .then((engine) => engine?.stop());
    void withDeadline(stopped, STOP_DEADLINE_MS)
      .catch((error: unknown) => void log.error({ err: error }, 'engine stop failed'))
      .then((outcome) => {
        quitState = 'stopped';
        tray?.destroy();
        if (outcome !== 'timed-out') return app.quit();
        log.warn({ deadlineMs: STOP_DEADLINE_MS }, 'the engine did not stop in time; exiting without waiting further');
        app.exit(0);
      });
  });
  // Closing the window decides itself whether to quit (openWindow).
  app.on('window-all-closed', () => undefined);
  app.whenReady().then(start).catch(fail);
}

async function start(): Promise<void> {
  hardenSession();
  const pageUrl = appPageUrl(rendererDir);
  const ready = startEngine();
  engineReady = ready;
  // IPC first, then the window: the page's first calls wait for the engine instead of failing.
  bindEngineToIpc(ready, { pageUrl, window: () => window, showLogs });
  window = openWindow(pageUrl);
  const engine = await ready;
  tray = createAppTray(
    { targetWorkers: 0, maxWorkers: 0, paused: false, indexing: 0 },
    {
      scale: (count) => void engine.handlers['workers:scale']({ count }).catch(reportFailure('scale workers')),
      pause: () => void engine.handlers['queue:pause']({}).catch(reportFailure('pause the queues')),
      resume: () => void engine.handlers['queue:resume']({}).catch(reportFailure('resume the queues')),
      showWindow,
      openWebMonitor: () => void openWebMonitor(engine),
      showLogs: () => void showLogs().catch(reportAndShow('Logs', 'show the logs')),
      quit: () => app.quit(),
    },
  );
  engine.onEvent('monitor:update', (snapshot) => {
    tray?.update(snapshot);
    if (window !== null && !window.isDestroyed()) window.setProgressBar(taskbarProgress(snapshot, process.platform));
  });
  engine.onEvent('folder:finished', ({ path, indexed, failed }) => {
    if (!Notification.isSupported()) return;
    const body = `${indexed} files indexed${failed > 0 ? `, ${failed} failed` : ''}`;
    new Notification({ title: `Finished indexing ${path}`, body }).show();
  });
  log.info({ dataDir: engine.dataDir }, 'desktop app started');
}

function startEngine(): Promise<Engine> {
  // The open commands of the environment or, under it, the data folder's settings.json (as the engine reads them).
  const openCommands = loadSettings(process.env).openCommands;
  const resourcesDir = app.isPackaged ? process.resourcesPath : join(app.getAppPath(), 'resources');
  // Workers inherit the environment: they find the bundled model through it.
  process.env.SEMANTIK_RESOURCES_DIR ??= resourcesDir;
  return createEngine({
    launcher: createUtilityProcessLauncher(),
    mode: 'electron',
    workerEntry: join(mainDir, 'worker-main.js'),
    resourcesDir,
    opener: {
      // At a hit's line or page through SEMANTIK_OPEN_COMMAND / SEMANTIK_OPEN_PDF_COMMAND when set; the OS
      // default app (which cannot be told where) otherwise, except for files it would run: those are
      // shown in their folder.
      open: (path, place = {}) => openOrReveal(path, place, openCommands, osShell),
      reveal: osShell.reveal,
    },
  });
}

function openWindow(pageUrl: string): BrowserWindow {
  const created = createMainWindow({ pageUrl, preload: join(mainDir, '../preload/index.cjs') });
  created.on('close', (event) => {
    if (quitState !== 'running') return;
    // Hidden to the tray, indexing goes on, where a tray shows that the app still runs; else quit.
    const desktop = process.env.XDG_CURRENT_DESKTOP;
    if (!closeHidesWindow({ trayCreated: tray !== null, platform: process.platform, desktop })) return app.quit();
    event.preventDefault();
    created.hide();
  });
  return created;
}

/** Starts the web monitor if needed, shows how to log in, then opens it in the browser. */
async function openWebMonitor(engine: Engine): Promise<void> {
  try {
    const { monitor, credentials } = await startLocalWebMonitor(engine, rendererDir);
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
    reportAndShow('Web monitor', 'open the web monitor')(error);
  }
}

/** Says that the app is stopping: in the title, the tray's tooltip, and a notification if no window shows. */
function showStopping(): void {
  const shown = window !== null && !window.isDestroyed() && window.isVisible();
  if (window !== null && !window.isDestroyed()) window.setTitle(STOPPING_TITLE);
  tray?.setToolTip(STOPPING_TITLE);
  if (!shown && Notification.isSupported()) {
    new Notification({ title: STOPPING_TITLE, body: 'Finishing the current work; the app closes when done.', silent: true }).show();
  }
}

/** Opens the logs folder in the file manager; throws what the shell reports. */
async function showLogs(): Promise<void> {
  const problem = await shell.openPath(logsDir);
  if (problem !== '') throw new Error(`${logsDir}: ${problem}`);
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

/** Logs a failed user action and tells the user, who clicked and would otherwise see nothing. */
function reportAndShow(title: string, what: string): (error: unknown) => void {
  return (error) => {
    reportFailure(what)(error);
    dialog.showErrorBox(title, error instanceof Error ? error.message : String(error));
  };
}

function fail(error: unknown): void {
  log.fatal({ err: error }, 'the desktop app could not start');
  dialog.showErrorBox('Semantik could not start', error instanceof Error ? error.message : String(error));
  app.exit(1);
}
