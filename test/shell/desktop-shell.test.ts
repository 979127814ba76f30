// The desktop shell's real start and quit, run without the Electron binary: the built main bundle
// (out/main/index.js) runs under plain Node with `electron` resolved to a STAND-IN (test/shell/stand-in,
// clearly not Electron) that records what the shell asks of Electron and runs utilityProcess.fork
// as real child processes with a parentPort. Everything else is real: redis-server, the worker
// processes, onnxruntime, SQLite. What only real Electron can show (pixels, the OS tray, the
// sandboxed renderer) is the Electron smoke test's and the manual checklist's.
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCorpus } from '../helpers/corpus';
import { REPO_ROOT } from '../helpers/cli';

const MAIN_BUNDLE = join(REPO_ROOT, 'out/main/index.js');
const REGISTER = fileURLToPath(new URL('./stand-in/register.mjs', import.meta.url));

interface CallRecord {
  api: string;
  detail: Record<string, unknown>;
}

interface TrayItem {
  label?: string;
  type?: string;
  checked?: boolean;
  submenu?: TrayItem[];
}

/** The shell under test: its process, every Electron call it made, and a way to drive it. */
class Shell {
  readonly calls: CallRecord[] = [];
  readonly output: string[] = [];
  private nextId = 1;
  private readonly replies = new Map<number, (reply: { ok: boolean; result?: unknown; error?: string }) => void>();
  exited: Promise<number | null>;

  constructor(readonly child: ChildProcess) {
    child.on(
      'message',
      (message: { type: string; id?: number; ok: boolean; api?: unknown; detail?: unknown; result?: unknown; error?: string }) => {
        if (message.type === 'call') this.calls.push({ api: String(message.api), detail: message.detail as Record<string, unknown> });
        if (message.type === 'reply' && message.id !== undefined) this.replies.get(message.id)?.(message);
      },
    );
    child.stdout?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  of(api: string): CallRecord[] {
    return this.calls.filter((call) => call.api === api);
  }

  async waitFor(api: string, what: string, test: (call: CallRecord) => boolean = () => true, timeoutMs = 90_000): Promise<CallRecord> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = this.calls.find((call) => call.api === api && test(call));
      if (found) return found;
      if (this.child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`timed out waiting for ${what}; shell output:\n${this.output.join('').slice(-4000)}`);
  }

  send<T>(message: Record<string, unknown>): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.replies.set(id, (reply) => (reply.ok ? resolve(reply.result as T) : reject(new Error(reply.error))));
      this.child.send({ ...message, id });
    });
  }

  /** An API call through the IPC handler, as the preload makes it from the app page. */
  async api<T>(call: string, input: unknown): Promise<T> {
    const reply = await this.send<{ ok: boolean; value?: T; error?: { message: string } }>({
      type: 'invoke',
      channel: 'api',
      args: [call, input],
    });
    if (!reply.ok) throw new Error(`${call} failed: ${reply.error?.message}`);
    return reply.value as T;
  }

  lastTrayMenu(): TrayItem[] {
    const menus = this.of('Tray.setContextMenu');
    return (menus.at(-1)?.detail.template as TrayItem[] | undefined) ?? [];
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Pids of every process whose command line or environment names the data folder. */
function processesOf(dataDir: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      const environ = readFileSync(`/proc/${entry}/environ`, 'utf8');
      if (cmdline.includes(dataDir) || environ.includes(`SEMANTIK_DATA_DIR=${dataDir}`)) found.push(Number(entry));
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

describe('the desktop shell, started and quit for real around a stand-in for Electron', () => {
  let work: string;
  let dataDir: string;
  let corpus: string;
  let shell: Shell;

  beforeAll(() => {
    if (!existsSync(MAIN_BUNDLE)) throw new Error(`${MAIN_BUNDLE} is missing: run \`npm run build\` first`);
    work = mkdtempSync(join(tmpdir(), 'semantik-shell-'));
    dataDir = join(work, 'data');
    corpus = join(work, 'corpus');
    makeCorpus(corpus, 40, { 7: 'The lighthouse keeper logged a violet comet over the harbour.' });
    const child = fork(MAIN_BUNDLE, [], {
      cwd: REPO_ROOT,
      execArgv: ['--import', REGISTER],
      env: {
        ...process.env,
        SEMANTIK_DATA_DIR: dataDir,
        SEMANTIK_WORKERS: '1',
        SEMANTIK_WATCH: '0',
        SEMANTIK_LOG_LEVEL: 'info',
        // A desktop that shows tray icons: on plain GNOME, closing the window would quit instead.
        XDG_CURRENT_DESKTOP: 'KDE',
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    shell = new Shell(child);
  });

  afterAll(async () => {
    if (shell?.child.exitCode === null) shell.child.kill('SIGKILL');
    for (const pid of dataDir ? processesOf(dataDir) : []) process.kill(pid, 'SIGKILL');
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('takes the single-instance lock and hardens the session before any window', async () => {
    await shell.waitFor('BrowserWindow.new', 'the window');
    const order = shell.calls.map((call) => call.api);
    expect(order.indexOf('app.requestSingleInstanceLock')).toBe(0);
    // Set on Windows only (where notifications need it), never here on Linux.
    expect(order).not.toContain('app.setAppUserModelId');
    expect(order.indexOf('session.setPermissionRequestHandler')).toBeLessThan(order.indexOf('BrowserWindow.new'));
    expect(order).toContain('session.setPermissionCheckHandler');
    expect(order).toContain('session.webRequest.onHeadersReceived');
  });

  it('creates the window hardened, with a preload and a page that exist in out/', async () => {
    const created = await shell.waitFor('BrowserWindow.new', 'the window');
    const prefs = (created.detail.options as { webPreferences: Record<string, unknown> }).webPreferences;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false, webSecurity: true });
    expect(prefs.preload).toBe(join(REPO_ROOT, 'out/preload/index.cjs'));
    expect(existsSync(String(prefs.preload))).toBe(true);
    const loaded = await shell.waitFor('BrowserWindow.loadURL', 'the page');
    const page = fileURLToPath(String(loaded.detail.url));
    expect(page).toBe(join(REPO_ROOT, 'out/renderer/index.html'));
    expect(existsSync(page)).toBe(true);
    await shell.waitFor('BrowserWindow.show', 'the window shown when ready');
    expect(shell.of('webContents.setWindowOpenHandler')).toHaveLength(1);
    expect(shell.of('ipcMain.handle').map((call) => call.detail.channel)).toEqual(expect.arrayContaining(['api', 'dialog:pickFolder']));
  });

  it('starts the workers through the utility-process launcher, each a real process with a parentPort', async () => {
    await shell.waitFor('Tray.new', 'the tray (created once the engine is up)');
    const forks = shell.of('utilityProcess.fork');
    expect(forks).toHaveLength(1);
    expect(forks[0]!.detail).toMatchObject({ modulePath: join(REPO_ROOT, 'out/main/worker-main.js'), stdio: 'pipe' });
    expect(alive(Number(forks[0]!.detail.pid))).toBe(true);
    const workers = await shell.api<Array<{ pid: number; state: string }>>('workers:list', {});
    expect(workers.map((worker) => worker.pid)).toEqual([forks[0]!.detail.pid]);
  });

  it('answers IPC only from the app page', async () => {
    const info = await shell.api<{ version: string }>('app:info', {});
    expect(info.version).toEqual(expect.any(String));
    const foreign = await shell.send<{ ok: boolean; error?: { code: string } }>({
      type: 'invoke',
      channel: 'api',
      args: ['app:info', {}],
      frameUrl: 'https://example.org/',
    });
    expect(foreign).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('indexes a folder added over IPC, shows taskbar progress and notifies when the run finishes', async () => {
    await shell.api('index:addFolder', { path: corpus });
    const notified = await shell.waitFor('Notification.show', 'the finished-run notification', undefined, 150_000);
    expect(notified.detail.options).toMatchObject({ title: `Finished indexing ${corpus}`, body: '40 files indexed' });
    const progress = shell.of('BrowserWindow.setProgressBar').map((call) => call.detail.value as number);
    expect(progress, JSON.stringify(shell.of('BrowserWindow.setProgressBar'))).toSatisfy((values: number[]) =>
      values.some((value) => value >= 0),
    );
    // Shown while the run goes (from 0, or indeterminate while the scan walks), cleared when nothing runs.
    await shell.waitFor('BrowserWindow.setProgressBar', 'the cleared progress bar', (call) => (call.detail.value as number) < 0);
    const hits = await shell.api<Array<{ path: string }>>('search:query', { query: 'violet comet lighthouse', k: 3 });
    expect(hits[0]?.path).toContain('file-0007');
    expect(shell.of('webContents.send').map((call) => call.detail.name)).toContain('monitor:update');
  });

  it("scales the workers from the tray's menu", async () => {
    const workersItem = shell.lastTrayMenu().find((item) => item.label?.startsWith('Workers ('));
    expect(workersItem?.label).toBe('Workers (1)');
    await shell.send({ type: 'tray-click', path: ['Workers (1)', '2'] });
    await shell.waitFor('utilityProcess.fork', 'a second worker', (call) => call !== shell.of('utilityProcess.fork')[0]);
    await shell.waitFor('Tray.setContextMenu', 'the menu showing two workers', (call) =>
      (call.detail.template as TrayItem[]).some((item) => item.label === 'Workers (2)'),
    );
  });

  it('hides the window on close instead of quitting while the tray is there', async () => {
    await shell.send({ type: 'close-window' });
    const closed = shell.of('BrowserWindow.close').at(-1);
    expect(closed?.detail.prevented).toBe(true);
    expect(shell.of('BrowserWindow.hide').length).toBeGreaterThan(0);
    expect(shell.child.exitCode).toBeNull();
  });

  it('quits cleanly: every worker and redis-server stopped, nothing left running, the AOF intact', async () => {
    const workerPids = shell.of('utilityProcess.fork').map((call) => Number(call.detail.pid));
    const before = processesOf(dataDir);
    expect(before.length).toBeGreaterThanOrEqual(2);
    await shell.send({ type: 'quit' });
    const code = await Promise.race([shell.exited, new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 60_000))]);
    expect(code).toBe(0);
    expect(shell.of('app.quit.deferred')).toHaveLength(1);
    expect(shell.of('Tray.destroy')).toHaveLength(1);
    // Stopping showed, in time to be seen: the title, the tooltip, and (the window being hidden) a notification.
    const stopping = 'Semantik — stopping…';
    expect(shell.of('BrowserWindow.setTitle').map((call) => call.detail.title)).toEqual([stopping]);
    expect(shell.of('Tray.setToolTip').map((call) => call.detail.text)).toEqual(['Semantik', stopping]);
    expect(shell.of('Notification.show').at(-1)?.detail.options).toMatchObject({ title: stopping });
    // The stop finished within its deadline: a quit, not the bounded exit.
    expect(shell.of('app.exit')).toEqual([]);
    for (const pid of workerPids) expect(alive(pid)).toBe(false);
    expect(
      shell.of('utilityProcess.exit').map((call) => call.detail),
      shell.output.join(''),
    ).toEqual(workerPids.map(() => expect.objectContaining({ code: 0 })));
    expect(processesOf(dataDir)).toEqual([]);
    const aofDir = join(dataDir, 'redis');
    const manifest = readdirSync(aofDir, { recursive: true })
      .map(String)
      .find((name) => name.endsWith('.manifest'));
    expect(manifest).toBeDefined();
    const check = spawnSync('redis-check-aof', [join(aofDir, manifest!)], { encoding: 'utf8' });
    expect(check.stdout + check.stderr).toMatch(/is valid/);
    expect(check.status).toBe(0);
  });
});
