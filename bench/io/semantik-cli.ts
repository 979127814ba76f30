/**
 * The real `semantik` command (bin/semantik.js) for the folder benches: a `semantik serve` on a
 * temporary data folder (the app as it runs: engine, embedded Redis, worker processes), and timed
 * `semantik index <folder> --json` runs, which follow their runs on that instance when one runs
 * and start an engine of their own when none does.
 *
 * Every command runs with SEMANTIK_WATCH=0: the benches time indexing, and a watcher's first walk
 * of a 20,000-file folder would run beside the next measurement (`semantik index` without an
 * instance never watches either). SEMANTIK_CLI_TRACE=1 makes each command name the file it runs:
 * the built bundle (out/main/cli.js), or the sources through tsx when the bundle is older than src/.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { IndexSummary } from '../../src/main/cli/index-summary.js';
import { BenchMeasureError, secondsSince } from './figures.js';
import { childPids, commandLine } from './processes.js';

const ROOT = resolve(fileURLToPath(import.meta.url), '..', '..', '..');
const CLI = join(ROOT, 'bin', 'semantik.js');
/** How long `semantik serve` may take to listen: Redis, the store, and every worker ready. */
const SERVE_READY_TIMEOUT_MS = 120_000;
/** How long a stopped instance may take to exit (its workers get 30 s to finish a job) before its group is killed. */
const SERVE_STOP_TIMEOUT_MS = 45_000;
/** The longest one command may run: a full-size bench folder indexes in a minute or two here. */
const COMMAND_TIMEOUT_MS = 10 * 60_000;
/** How much of a failed command's stderr its error quotes. */
const TAIL_CHARS = 2000;
const WORKER_ENTRY = /worker-main\.(?:js|ts)\b/;

function benchEnv(): NodeJS.ProcessEnv {
  return { ...process.env, SEMANTIK_LOG_LEVEL: 'error', SEMANTIK_WATCH: '0', SEMANTIK_CLI_TRACE: '1' };
}

/** True when the command's trace line says it ran the built bundle rather than the sources. */
function ranBundle(stderr: string): boolean {
  return /^semantik: running \S+\.js$/m.test(stderr);
}

/** A finished `semantik` command: its wall time (spawn to exit) and output. */
export interface TimedCommand {
  seconds: number;
  stdout: string;
  stderr: string;
  /** It ran out/main/cli.js (false: the sources through tsx). */
  bundle: boolean;
}

/** Runs `semantik --data-dir <dataDir> <args>` and times it; throws when it does not exit 0. */
export async function timedSemantik(dataDir: string, args: readonly string[]): Promise<TimedCommand> {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, '--data-dir', dataDir, ...args], { env: benchEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const timer = setTimeout(() => child.kill('SIGKILL'), COMMAND_TIMEOUT_MS);
  // 'close', not 'exit': the output is complete only once both pipes have closed.
  const code = await new Promise<number | null>((done) => child.once('close', (exitCode) => done(exitCode)));
  clearTimeout(timer);
  const seconds = secondsSince(started);
  if (code !== 0) throw new BenchMeasureError(`semantik ${args.join(' ')} exited ${code ?? 'on a signal'}: ${stderr.slice(-TAIL_CHARS)}`);
  return { seconds, stdout, stderr, bundle: ranBundle(stderr) };
}

/** `semantik index <folder> --json`, timed, with the summary it printed. */
export async function timedIndex(dataDir: string, folder: string): Promise<TimedCommand & { summary: IndexSummary }> {
  const done = await timedSemantik(dataDir, ['index', folder, '--json']);
  let summary: IndexSummary;
  try {
    summary = JSON.parse(done.stdout) as IndexSummary;
  } catch {
    throw new BenchMeasureError(`semantik index ${folder} printed no JSON summary: ${done.stdout.slice(-TAIL_CHARS)}`);
  }
  if (summary.failed > 0)
    throw new BenchMeasureError(`semantik index ${folder}: ${summary.failed} files failed: ${JSON.stringify(summary.failures[0])}`);
  return { ...done, summary };
}

/** A running `semantik serve`. */
export interface ServeInstance {
  readonly pid: number;
  /** Seconds from spawning it to its "listening on" line (Redis, store, workers ready). */
  readonly startupSeconds: number;
  /** It runs out/main/cli.js (false: the sources through tsx). */
  readonly bundle: boolean;
  /** Its worker processes now. */
  workerPids(): number[];
  /** Stops it (SIGTERM; its process group is killed if it has not exited in time). Safe to call twice. */
  stop(): Promise<void>;
}

/** Starts `semantik serve` on `dataDir` (any free port) and resolves once it listens. */
export async function startServe(dataDir: string): Promise<ServeInstance> {
  const started = performance.now();
  // A process group of its own: if it does not stop, the whole group (Redis, workers) is killed.
  const child = spawn(process.execPath, [CLI, '--data-dir', dataDir, 'serve', '--port', '0'], {
    env: benchEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const pid = child.pid;
  if (pid === undefined) throw new BenchMeasureError('semantik serve did not start');
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const killGroup = (): void => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // ESRCH: the group is empty, everything in it has exited.
    }
  };
  // A bench that exits early (an error, process.exit) still takes the instance with it.
  process.once('exit', killGroup);
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timedOut = await Promise.race([exited.then(() => false), sleep(SERVE_STOP_TIMEOUT_MS, true, { ref: false })]);
      if (timedOut) {
        process.stderr.write(`semantik serve (pid ${pid}) did not stop in ${SERVE_STOP_TIMEOUT_MS} ms: killing its group\n`);
        killGroup();
        await exited;
      }
    }
    // After a clean stop the group is empty; anything left of it (a stuck worker, Redis) goes now.
    killGroup();
    process.off('exit', killGroup);
  };
  try {
    await new Promise<void>((ready, fail) => {
      const timer = setTimeout(
        () => fail(new BenchMeasureError(`semantik serve did not listen in ${SERVE_READY_TIMEOUT_MS} ms`)),
        SERVE_READY_TIMEOUT_MS,
      );
      child.stdout.on('data', () => {
        if (!stdout.includes('listening on')) return;
        clearTimeout(timer);
        ready();
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        fail(new BenchMeasureError(`semantik serve exited (${code ?? signal}) before listening: ${stderr.slice(-TAIL_CHARS)}`));
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    pid,
    startupSeconds: secondsSince(started),
    bundle: ranBundle(stderr),
    workerPids: () => childPids(pid).filter((child) => WORKER_ENTRY.test(commandLine(child))),
    stop,
  };
}
