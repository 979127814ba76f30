/**
 * Starts the real app headless for one test: `semantik serve` on a free port with a fresh data
 * folder, fixed credentials and the temp folder as the web monitor's allowed root, and stops it (and its Redis and workers) afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './build-renderer';

const START_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 30_000;

/** A running `semantik serve`. */
export interface ServedApp {
  /** The serve process; it leads its own process group (its Redis and workers are in it). */
  pid: number;
  url: string;
  port: number;
  dataDir: string;
  credentials: { username: string; password: string };
  /** Everything the server wrote to stderr, for failure messages. */
  logs(): string;
  /** Stops the server and removes its data folder, unless `keepData` (to start again on it). */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

/** A port that was free a moment ago (the server binds it right after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts the server and resolves when it prints the URL it listens on. */
export async function startServe(
  options: { workers?: number; env?: Record<string, string>; dataDir?: string; host?: string } = {},
): Promise<ServedApp> {
  // An existing data folder (a restart, a seeded history) or a fresh one.
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'semantik-e2e-'));
  const port = await freePort();
  const credentials = { username: 'e2e', password: randomBytes(12).toString('base64url') };
  // node on the bin script rather than `npx semantik`: npx adds a second or more of start-up per test.
  const child = spawn(
    process.execPath,
    [
      join(REPO_ROOT, 'bin', 'semantik.js'),
      'serve',
      '--port',
      String(port),
      '--data-dir',
      dataDir,
      ...(options.host === undefined ? [] : ['--host', options.host]),
    ],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        SEMANTIK_MONITOR_AUTH: `${credentials.username}:${credentials.password}`,
        SEMANTIK_WORKERS: String(options.workers ?? 1),
        SEMANTIK_LOG_LEVEL: 'warn',
        // The tests' folders live under the temp folder: the page may add them (and nothing else).
        SEMANTIK_WEB_ROOTS: realpathSync(tmpdir()),
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so a hung server can be killed with its Redis and workers.
      detached: true,
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await waitForUrl(child, () => stderr);
  // It printed its URL, so it was spawned and has a pid.
  const pid = child.pid!;
  return {
    pid,
    url,
    port,
    dataDir,
    credentials,
    logs: () => stderr,
    stop: async (stopOptions) => {
      await stopProcess(child);
      if (stopOptions?.keepData !== true) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function waitForUrl(child: ChildProcess, logs: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      void stopProcess(child);
      reject(
        new Error(`semantik serve did not print its URL in ${START_TIMEOUT_MS} ms.\nstdout: ${stdout}\nstderr: ${logs().slice(-4000)}`),
      );
    }, START_TIMEOUT_MS);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /(http:\/\/[^\s]+)/.exec(stdout);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`semantik serve exited (${code}) before listening.\nstdout: ${stdout}\nstderr: ${logs().slice(-4000)}`));
    });
  });
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const pid = child.pid;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS).unref());
  const timedOut = (await Promise.race([exited, timer])) === 'timeout';
  // Sweep the group either way: a Redis or worker left behind by a hung or crashed server is ours.
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // The group is already empty.
  }
  if (timedOut) await exited;
}
