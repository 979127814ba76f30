/**
 * `npm run soak`: indexes a mixed corpus while killing, at random (seeded) moments, worker
 * processes, redis-server and the supervisor itself, restarting the supervisor after each kill of
 * it, and changing files meanwhile. At the end every file on disk must be indexed with its current
 * content or failed with a reason, no chunk duplicated, stale or orphaned, and SQLite's integrity
 * check ok. Prints `kills, lost, duplicated, seconds` and exits non-zero when anything was lost.
 *
 * Options: --kills N (100), --seed S (1), --files F (300), --workers W (2).
 *
 * The pace keeps each worker slot under the pool's crash-loop limit (5 exits a minute): past it
 * the pool stops the slot on purpose and says so, which is a designed stop, not lost work.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { QueueCounts } from '../../src/shared/monitor-types';
import { openStore } from '../../src/node/store/open-store';
import { CRASH_LOOP_LIMIT, CRASH_LOOP_WINDOW_MS } from '../../src/main/engine/pool/worker-pool';
import { filler, makeCorpus, rng } from '../helpers/corpus';
import { makeFormatCorpus } from '../helpers/format-corpus';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const CLI = join(ROOT, 'bin/semantik.js');
const START_TIMEOUT_MS = 120_000;
const SETTLE_TIMEOUT_MS = 300_000;

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at === -1 ? fallback : Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} takes a whole number`);
  return value;
}

const KILLS = option('kills', 100);
const SEED = option('seed', 1);
const FILES = option('files', 300);
const WORKERS = option('workers', 2);
const random = rng(SEED);
const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));
const say = (line: string): void => void process.stderr.write(`[soak] ${line}\n`);

const work = mkdtempSync(join(tmpdir(), 'semantik-soak-'));
const dataDir = join(work, 'data');
const corpus = join(work, 'corpus');
const password = `soak-${Math.floor(random() * 1e9)}`;
const auth = `Basic ${Buffer.from(`soak:${password}`).toString('base64')}`;

/** The supervisor: `semantik serve` on a free port, and its monitor's address once it listens. */
interface Supervisor {
  child: ChildProcess;
  url: string;
  exited: Promise<void>;
}

async function startSupervisor(): Promise<Supervisor> {
  const child = spawn(process.execPath, [CLI, '--data-dir', dataDir, 'serve', '--port', '0'], {
    cwd: ROOT,
    env: {
      ...process.env,
      SEMANTIK_MONITOR_AUTH: `soak:${password}`,
      SEMANTIK_WORKERS: String(WORKERS),
      SEMANTIK_LOG_LEVEL: 'error',
      SEMANTIK_EXTRACT_TIMEOUT: '10s',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve did not listen within ${START_TIMEOUT_MS} ms:\n${output}`)), START_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        done(match[1].replace(/\/$/, ''));
      }
    });
    void exited.then(() => fail(new Error(`serve exited before listening:\n${output}`)));
  });
  return { child, url, exited };
}

async function api<T>(supervisor: Supervisor, path: string): Promise<T | null> {
  try {
    const response = await fetch(`${supervisor.url}${path}`, { headers: { authorization: auth }, signal: AbortSignal.timeout(10_000) });
    return response.ok ? ((await response.json()) as T) : null;
  } catch {
    // The supervisor may be dying or restarting Redis: the caller tries again.
    return null;
  }
}

/** redis-server processes of this data folder. */
function redisPids(): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        return (
          readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'redis-server' &&
          readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(dataDir)
        );
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Changes a few files (and adds one) so that the watcher and the catch-up have work after kills. */
function changeFiles(round: number): void {
  const files = listCorpus();
  for (let i = 0; i < 5; i++) {
    const path = files[Math.floor(random() * files.length)]!;
    if (/\.(txt|md)$/.test(path)) appendFileSync(path, `\n\nRound ${round}: ${filler(random, 1)}\n`);
  }
  mkdirSync(join(corpus, 'added'), { recursive: true });
  writeFileSync(join(corpus, 'added', `round-${round}.md`), `# Round ${round}\n\n${filler(random, 3)}\n`);
}

function listCorpus(): string[] {
  return (readdirSync(corpus, { recursive: true }) as string[]).map((name) => join(corpus, name)).filter((path) => statSync(path).isFile());
}

const killsBySlot = new Map<string, number[]>();

/** Picks and kills one victim; returns what was killed, or null when none was there to kill. */
async function killOne(supervisor: Supervisor): Promise<'worker' | 'redis' | 'supervisor' | null> {
  const roll = random();
  if (roll < 0.55) {
    const workers =
      (await api<Array<{ workerId: string; pid: number | null; local: boolean; state: string }>>(supervisor, '/api/workers')) ?? [];
    const now = Date.now();
    const victims = workers.filter((worker) => {
      if (!worker.local || worker.pid === null || worker.state === 'starting' || worker.state === 'crashed') return false;
      const recent = (killsBySlot.get(worker.workerId) ?? []).filter((at) => now - at < CRASH_LOOP_WINDOW_MS);
      return recent.length < CRASH_LOOP_LIMIT - 1;
    });
    const victim = victims[Math.floor(random() * victims.length)];
    if (!victim?.pid) return null;
    process.kill(victim.pid, 'SIGKILL');
    killsBySlot.set(victim.workerId, [...(killsBySlot.get(victim.workerId) ?? []), now]);
    return 'worker';
  }
  if (roll < 0.8) {
    const pid = redisPids()[0];
    if (pid === undefined) return null;
    process.kill(pid, 'SIGKILL');
    return 'redis';
  }
  supervisor.child.kill('SIGKILL');
  return 'supervisor';
}

interface Settled {
  pending: number;
  queued: number;
}

async function settledState(supervisor: Supervisor): Promise<Settled | null> {
  const queues = await api<QueueCounts[]>(supervisor, '/api/queues');
  if (queues === null) return null;
  const queued = queues
    .filter((queue) => queue.name !== 'system')
    .reduce((sum, queue) => sum + queue.waiting + queue.active + queue.delayed + queue.prioritized + queue.waitingChildren, 0);
  const db = new Database(join(dataDir, 'semantik.db'), { readonly: true, fileMustExist: true });
  try {
    const pending = (db.prepare("SELECT count(*) AS n FROM documents WHERE state = 'pending'").get() as { n: number }).n;
    return { pending, queued };
  } finally {
    db.close();
  }
}

/** Waits until nothing is queued or pending, three polls in a row. */
async function waitSettled(supervisor: Supervisor): Promise<void> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  let quiet = 0;
  while (Date.now() < deadline && quiet < 3) {
    await sleep(1_000);
    const state = await settledState(supervisor);
    quiet = state !== null && state.pending === 0 && state.queued === 0 ? quiet + 1 : 0;
  }
  if (quiet < 3) say(`still busy after ${SETTLE_TIMEOUT_MS / 1000} s: ${JSON.stringify(await settledState(supervisor))}`);
}

interface Verdict {
  lost: string[];
  duplicated: number;
  stale: number;
  orphaned: number;
  integrity: string;
}

/** Reads the store after a clean stop and compares it with the files on disk. */
function verdict(): Verdict {
  const db = new Database(join(dataDir, 'semantik.db'), { readonly: true, fileMustExist: true });
  const lost: string[] = [];
  try {
    const row = db.prepare(
      'SELECT state, error, size, mtime_ms AS mtimeMs, chunk_count AS chunks, embedded_count AS embedded FROM documents WHERE path = ?',
    );
    for (const path of listCorpus()) {
      const doc = row.get(path) as
        { state: string; error: string | null; size: number; mtimeMs: number; chunks: number; embedded: number } | undefined;
      const stat = statSync(path);
      const current = doc !== undefined && doc.size === stat.size && Math.abs(doc.mtimeMs - stat.mtimeMs) < 1;
      const done =
        doc !== undefined &&
        ((doc.state === 'indexed' && doc.embedded === doc.chunks) ||
          ((doc.state === 'failed' || doc.state === 'unsupported') && Boolean(doc.error)));
      if (!current || !done)
        lost.push(
          `${path}: ${doc === undefined ? 'not in the index' : `${doc.state}${current ? '' : ', stale'} (${doc.embedded}/${doc.chunks} embedded)`}`,
        );
    }
    const integrity = (db.pragma('integrity_check', { simple: true }) as string) ?? 'no answer';
    db.close();
    const store = openStore(join(dataDir, 'semantik.db'), { readonly: true });
    try {
      return {
        lost,
        duplicated: store.duplicateChunkCount(),
        stale: store.staleChunkCount(),
        orphaned: store.orphanVectorCount(),
        integrity,
      };
    } finally {
      store.close();
    }
  } finally {
    if (db.open) db.close();
  }
}

async function main(): Promise<number> {
  const started = Date.now();
  makeCorpus(join(corpus, 'text'), FILES, {}, SEED);
  await makeFormatCorpus(join(corpus, 'formats'));
  say(`corpus of ${listCorpus().length} files in ${corpus}; ${KILLS} kills, seed ${SEED}`);
  let supervisor = await startSupervisor();
  // Registers the folder and starts its first run; the command itself is not what is tested here.
  const index = spawn(process.execPath, [CLI, '--data-dir', dataDir, 'index', corpus, '--json'], { cwd: ROOT, stdio: 'ignore' });
  const counts = { worker: 0, redis: 0, supervisor: 0 };
  let kills = 0;
  try {
    while (kills < KILLS) {
      await sleep(1_500 + random() * 3_500);
      const killed = await killOne(supervisor);
      if (killed === null) continue;
      kills += 1;
      counts[killed] += 1;
      if (kills % 5 === 0) changeFiles(kills);
      if (killed === 'supervisor') {
        await supervisor.exited;
        supervisor = await startSupervisor();
      }
      say(`kill ${kills}/${KILLS}: ${killed}`);
    }
    await waitSettled(supervisor);
  } finally {
    index.kill('SIGKILL');
    supervisor.child.kill('SIGTERM');
    await supervisor.exited;
  }
  const result = verdict();
  const seconds = Math.round((Date.now() - started) / 1000);
  for (const line of result.lost.slice(0, 20)) say(`lost: ${line}`);
  say(`kills by kind: ${JSON.stringify(counts)}; stale ${result.stale}, orphaned ${result.orphaned}, integrity ${result.integrity}`);
  const leftover = redisPids();
  if (leftover.length > 0) say(`redis-server still running after the stop: ${leftover.join(', ')}`);
  process.stdout.write('kills, lost, duplicated, seconds\n');
  process.stdout.write(`${kills}, ${result.lost.length}, ${result.duplicated}, ${seconds}\n`);
  const ok =
    result.lost.length === 0 &&
    result.duplicated === 0 &&
    result.stale === 0 &&
    result.orphaned === 0 &&
    result.integrity === 'ok' &&
    leftover.length === 0;
  if (ok) rmSync(work, { recursive: true, force: true });
  else say(`kept ${work} for a look`);
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    say(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
