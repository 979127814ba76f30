// STAND-IN FOR ELECTRON, for tests only: this is not Electron. The Electron binary cannot be
// downloaded where these tests run, so the shell test loads the real built main bundle
// (out/main/index.js) with `electron` resolved to this module (see register.mjs). It records what
// the shell asks of Electron, reports each call to the test over the process's IPC channel, and
// runs `utilityProcess.fork` as a real child process with a `process.parentPort` (parent-port.mjs),
// so the real workers start, index and stop. The test drives it by messages (see onTestMessage).
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';

const parentPortShim = fileURLToPath(new URL('./parent-port.mjs', import.meta.url));

/** Sends one record to the test; values that cannot be cloned are reduced to their shape. */
function record(api, detail = {}) {
  process.send?.({ type: 'call', api, detail: JSON.parse(JSON.stringify(detail)) });
}

// ---- app -------------------------------------------------------------------------------------
class App extends EventEmitter {
  isPackaged = false;
  #ready = false;

  requestSingleInstanceLock() {
    record('app.requestSingleInstanceLock');
    return true;
  }

  whenReady() {
    record('app.whenReady');
    return new Promise((resolve) =>
      setImmediate(() => {
        this.#ready = true;
        resolve();
      }),
    );
  }

  isReady() {
    return this.#ready;
  }

  getAppPath() {
    return process.cwd();
  }

  setAppUserModelId(id) {
    record('app.setAppUserModelId', { id });
  }

  getVersion() {
    return process.env.npm_package_version ?? '0.0.0';
  }

  quit() {
    record('app.quit');
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (prevented) {
      record('app.quit.deferred');
      return;
    }
    this.emit('will-quit', { preventDefault: () => undefined });
    this.emit('quit');
    record('app.exited', { code: 0 });
    // Give the record a moment to reach the test before the process ends.
    setTimeout(() => process.exit(0), 50);
  }

  exit(code = 0) {
    record('app.exit', { code });
    setTimeout(() => process.exit(code), 50);
  }
}
export const app = new App();

// ---- windows -----------------------------------------------------------------------------------
const windows = [];

class WebContents extends EventEmitter {
  sent = 0;
  setWindowOpenHandler(handler) {
    this.windowOpenHandler = handler;
    record('webContents.setWindowOpenHandler');
  }
  send(channel, name) {
    this.sent += 1;
    // Events arrive ten times a second: report the first of each name only.
    this.names ??= new Set();
    if (!this.names.has(name)) {
      this.names.add(name);
      record('webContents.send', { channel, name });
    }
  }
}

export class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.webContents = new WebContents();
    this.destroyed = false;
    this.visible = false;
    windows.push(this);
    record('BrowserWindow.new', { options });
  }
  loadURL(url) {
    this.lastUrl = url;
    record('BrowserWindow.loadURL', { url });
    setImmediate(() => this.emit('ready-to-show'));
    return Promise.resolve();
  }
  show() {
    this.visible = true;
    record('BrowserWindow.show');
  }
  hide() {
    this.visible = false;
    record('BrowserWindow.hide');
  }
  setTitle(title) {
    record('BrowserWindow.setTitle', { title });
  }
  isVisible() {
    return this.visible;
  }
  focus() {}
  restore() {}
  isMinimized() {
    return false;
  }
  isDestroyed() {
    return this.destroyed;
  }
  setProgressBar(value, options) {
    // Progress changes often: report changes of value only.
    if (value !== this.lastProgress) record('BrowserWindow.setProgressBar', { value, options });
    this.lastProgress = value;
  }
  /** What the user's close button does. */
  close() {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (!prevented) {
      this.destroyed = true;
      this.emit('closed');
    }
    record('BrowserWindow.close', { prevented });
  }
}

export const session = {
  defaultSession: {
    setPermissionRequestHandler: () => record('session.setPermissionRequestHandler'),
    setPermissionCheckHandler: () => record('session.setPermissionCheckHandler'),
    webRequest: { onHeadersReceived: () => record('session.webRequest.onHeadersReceived') },
  },
};

// ---- IPC ---------------------------------------------------------------------------------------
const handlers = new Map();
export const ipcMain = {
  handle(channel, handler) {
    handlers.set(channel, handler);
    record('ipcMain.handle', { channel });
  },
  removeHandler(channel) {
    handlers.delete(channel);
    record('ipcMain.removeHandler', { channel });
  },
};

// ---- tray, menus, images -----------------------------------------------------------------------
const trays = [];
export class Tray extends EventEmitter {
  constructor(image) {
    super();
    trays.push(this);
    record('Tray.new', { image: { dataUrlLength: image?.dataUrl?.length ?? 0 } });
  }
  setToolTip(text) {
    record('Tray.setToolTip', { text });
  }
  setContextMenu(menu) {
    this.menu = menu;
    record('Tray.setContextMenu', { template: menu.template });
  }
  destroy() {
    record('Tray.destroy');
  }
}

export const Menu = {
  buildFromTemplate: (template) => ({ template }),
};

export const nativeImage = {
  createFromDataURL: (dataUrl) => ({ dataUrl, isEmpty: () => dataUrl.length === 0 }),
};

// ---- notifications, dialogs, shell ---------------------------------------------------------------
export class Notification {
  static isSupported() {
    return true;
  }
  constructor(options) {
    this.options = options;
    record('Notification.new', { options });
  }
  show() {
    record('Notification.show', { options: this.options });
  }
}

export const dialog = {
  showMessageBox: async (...args) => {
    record('dialog.showMessageBox', { args: args.filter((a) => !(a instanceof BrowserWindow)) });
    return { response: 0 };
  },
  showErrorBox: (title, content) => record('dialog.showErrorBox', { title, content }),
  showOpenDialog: async () => {
    record('dialog.showOpenDialog');
    return { canceled: true, filePaths: [] };
  },
};

export const shell = {
  openPath: async (path) => {
    record('shell.openPath', { path });
    return '';
  },
  showItemInFolder: (path) => record('shell.showItemInFolder', { path }),
  openExternal: async (url) => record('shell.openExternal', { url }),
};

// ---- utility processes -------------------------------------------------------------------------
class UtilityProcess extends EventEmitter {
  constructor(child) {
    super();
    this.child = child;
    this.pid = child.pid;
    this.stdout = child.stdout;
    this.stderr = child.stderr;
    child.on('message', (message) => this.emit('message', message));
    child.on('spawn', () => this.emit('spawn'));
    // Electron reports only a code; a signal death shows as a non-zero code.
    child.on('exit', (code, signal) => {
      record('utilityProcess.exit', { pid: this.pid, code, signal });
      this.emit('exit', code ?? (signal ? 1 : 0));
    });
  }
  postMessage(message) {
    if (this.child.connected) this.child.send(message);
  }
  kill() {
    return this.child.kill('SIGTERM');
  }
}

export const utilityProcess = {
  fork(modulePath, args = [], options = {}) {
    const child = fork(modulePath, args, {
      env: options.env ?? process.env,
      execArgv: ['--import', parentPortShim],
      stdio: options.stdio === 'pipe' ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    record('utilityProcess.fork', { modulePath, serviceName: options.serviceName, stdio: options.stdio, pid: child.pid });
    return new UtilityProcess(child);
  },
};

// ---- the test's controls -------------------------------------------------------------------------
/** A click on the tray menu item at this label path, e.g. ['Workers (1)', '2']. */
function clickTray(path) {
  let items = trays.at(-1)?.menu?.template ?? [];
  let item = null;
  for (const label of path) {
    item = items.find((candidate) => candidate.label === label) ?? null;
    if (item === null) throw new Error(`no tray item ${JSON.stringify(path)}`);
    items = item.submenu ?? [];
  }
  item.click();
}

async function onTestMessage(message) {
  switch (message.type) {
    case 'invoke': {
      // A call from the app's own top frame, as the preload makes it.
      const handler = handlers.get(message.channel);
      if (!handler) throw new Error(`no IPC handler for ${message.channel}`);
      const frameUrl = message.frameUrl ?? windows[0]?.lastUrl;
      const event = { senderFrame: { url: frameUrl, parent: message.subframe ? {} : null } };
      return handler(event, ...message.args);
    }
    case 'tray-click':
      return clickTray(message.path);
    case 'close-window':
      return windows[0]?.close();
    case 'quit':
      return app.quit();
    default:
      throw new Error(`unknown test message ${message.type}`);
  }
}

process.on('message', (message) => {
  if (message?.type === undefined || message.id === undefined) return;
  Promise.resolve()
    .then(() => onTestMessage(message))
    .then(
      (result) => process.send?.({ type: 'reply', id: message.id, ok: true, result: result === undefined ? null : result }),
      (error) => process.send?.({ type: 'reply', id: message.id, ok: false, error: String(error?.stack ?? error) }),
    );
});
