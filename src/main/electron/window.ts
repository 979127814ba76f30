/**
 * The main window and the session's hardening: context isolation, sandbox, no Node in the page, a
 * strict Content-Security-Policy, no navigation away from the app, no new windows, no permissions.
 */
import { BrowserWindow, session, shell } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { childLogger } from '../../node/logger';
import { CSP_HEADER } from '../web/csp';
import { isAppUrl } from './app-url';

const log = childLogger('electron');

/** Where the page comes from: the dev server of `electron-vite dev`, else the built file. */
export function appPageUrl(rendererDir: string): string {
  return process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(join(rendererDir, 'index.html')).href;
}

/**
 * Denies every permission request and adds the CSP header to every response the page loads.
 *
 * Not under `electron-vite dev`, whose hot reload injects inline scripts; built pages carry the
 * policy in their meta tag as well (electron.vite.config.ts).
 */
export function hardenSession(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => {
    log.warn({ permission }, 'permission request denied');
    callback(false);
  });
  session.defaultSession.setPermissionCheckHandler(() => false);
  if (process.env.ELECTRON_RENDERER_URL !== undefined) return;
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP_HEADER] } });
  });
}

/** Creates the window on the app's page, with navigation and new windows blocked. */
export function createMainWindow(options: { pageUrl: string; preload: string }): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 880,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Semantik',
    backgroundColor: '#f3f4f6',
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  });
  const contents = window.webContents;
  // Links out of the app open in the user's browser, never in this privileged window.
  contents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, options.pageUrl)) {
      log.warn({ url }, 'navigation blocked');
      event.preventDefault();
    }
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, options.pageUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  window.once('ready-to-show', () => window.show());
  void window.loadURL(options.pageUrl).catch((error: unknown) => log.error({ err: error, url: options.pageUrl }, 'page failed to load'));
  return window;
}
