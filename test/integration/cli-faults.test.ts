/**
 * The command line under faults, against real `semantik serve` processes (embedded Redis, worker
 * processes, SQLite): an attached `semantik index` whose instance is killed exits with the
 * "instance lost" code and line instead of hanging; it follows a restarted instance and a
 * restarted redis-server; Ctrl-C, `--detach`, the exit codes and `--json` error objects.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/main/cli/exit-codes';
import { openStore } from '../../src/node/store/open-store';
import { startServe, type ServedApp } from '../e2e/helpers/serve';
import { parseJsonOutput, runCli, startCli, type CliResult } from '../helpers/cli';
import { bigTexts } from '../helpers/big-texts';
import { makeCorpus } from '../helpers/corpus';
import { waitFor } from '../helpers/engine';
import { processGroup, stillRunning } from '../helpers/processes';

const FILES = 150;
const DETACH_FILES = 2_000;
/** Two serve starts, two index runs and a restart wait: far more than the default on two busy cores. */
const LONG_TEST_MS = 600_000;

interface Summary {
  files: number;
  indexed: number;
  unchanged: number;
  failed: number;
  chunks: number;
  failures: Array<{ path: string; reason: string }>;
}
interface JsonError {
  error: { code: string; message: string; exitCode: number };
  runs?: Array<{ runId: number; folder: string }>;
}

const base = mkdtempSync(join(tmpdir(), 'semantik-cli-faults-'));
const apps: ServedApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.stop({ keepData: true });
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

async function serve(dataDir: string): Promise<ServedApp> {
  // Extract jobs of 16 files: a run's first files are done early, well before its end, which the
  // kill tests wait for (their corpus also ends in a long file: killableCorpus).
  const app = await startServe({ dataDir, workers: 2, env: { SEMANTIK_EXTRACT_BATCH: '16' } });
  apps.push(app);
  return app;
}

/** Files of the folder's latest run that are done, read from the shared SQLite file. */
function filesDone(dataDir: string): number {
  const store = openStore(join(dataDir, 'semantik.db'), { readonly: true });
  try {
    const run = store.folderSummaries()[0]?.run;
    return run ? run.filesIndexed + run.filesFailed : 0;
  } finally {
    store.close();
  }
}

/** The folder as the store has it: documents, chunks, and whether any is pending or duplicated. */
function folderState(dataDir: string): { files: number; chunks: number; failed: number; duplicates: number } {
  const store = openStore(join(dataDir, 'semantik.db'), { readonly: true });
  try {
    const folder = store.folderSummaries()[0];
    return { files: folder?.files ?? 0, chunks: folder?.chunks ?? 0, failed: folder?.failed ?? 0, duplicates: store.duplicateChunkCount() };
  } finally {
    store.close();
  }
}

/** Files of a corpus made by killableCorpus. */
const KILLABLE_FILES = FILES + 1;

/**
 * FILES small files and, last in the walk's order, one of thousands of chunks: a run of it is still
 * embedding that file when its first files are done, so a kill after them lands inside the run.
 */
function killableCorpus(root: string, seed = 42): string {
  const corpus = makeCorpus(root, FILES, {}, seed).root;
  mkdirSync(join(corpus, 'zz'));
  writeFileSync(join(corpus, 'zz', 'long.txt'), bigTexts(5_000, seed).join('\n\n'));
  return corpus;
}

/** Lines on stderr that look like an error report rather than the command's own messages. */
function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => /Unhandled|ECONNREFUSED|^\s+at |"level":(40|50|60)/.test(line));
}

describe('semantik index attached to a serve that is killed', () => {
  it(
    'exits with the instance-lost code and line when the serve process group is SIGKILLed, and a restarted serve completes the folder',
    async () => {
      const dataDir = join(base, 'lost');
      const corpus = killableCorpus(join(base, 'lost-corpus'));
      const first = await serve(dataDir);
      const env = { SEMANTIK_DATA_DIR: dataDir };
      const index = startCli(['index', corpus, '--json'], env, 170_000);
      await waitFor(() => filesDone(dataDir) > 0, 'the first files to be indexed', 300_000, 50);
      const group = processGroup(first.pid);
      expect(group.map((row) => row.command).join('\n')).toMatch(/redis-server[\s\S]*worker-main|worker-main[\s\S]*redis-server/);

      const killedAt = Date.now();
      process.kill(-first.pid, 'SIGKILL');
      const result: CliResult = await index.result;
      const seconds = (Date.now() - killedAt) / 1000;

      expect(result.code, result.stderr).toBe(EXIT.INSTANCE_LOST);
      expect(seconds).toBeLessThan(30);
      const lost = parseJsonOutput<JsonError>(result);
      expect(lost.error).toMatchObject({ code: 'INSTANCE_LOST', exitCode: EXIT.INSTANCE_LOST });
      expect(lost.error.message).toMatch(/stopped and did not come back within 15 s.*queued work is kept.*semantik index/);
      expect(lost.runs?.[0]?.folder).toBe(corpus);
      // One plain line on stderr, nothing else: no ioredis error events, no stack.
      expect(result.stderr.trim().split('\n')).toEqual([`semantik: ${lost.error.message}`]);
      // Nothing of that instance runs on: not the serve, not its workers, not its redis-server.
      await waitFor(() => stillRunning(group).length === 0, 'every process of the killed serve to be gone', 5_000);

      // A restarted serve takes the data folder (and its AOF) over; the same command finishes the folder.
      await serve(dataDir);
      const again = await runCli(['index', corpus, '--json'], env);
      expect(again.code, again.stderr).toBe(EXIT.DONE);
      const summary = parseJsonOutput<Summary>(again);
      expect(summary.files).toBe(KILLABLE_FILES);
      expect(summary.failed).toBe(0);
      expect(summary.indexed + summary.unchanged).toBe(KILLABLE_FILES);
      expect(folderState(dataDir)).toMatchObject({ files: KILLABLE_FILES, failed: 0, duplicates: 0 });
      expect(folderState(dataDir).chunks).toBeGreaterThanOrEqual(KILLABLE_FILES);
    },
    LONG_TEST_MS,
  );

  it(
    'follows a serve restarted within the wait and exits 0 with the complete summary',
    async () => {
      const dataDir = join(base, 'restart');
      const corpus = killableCorpus(join(base, 'restart-corpus'), 9);
      const first = await serve(dataDir);
      const group = processGroup(first.pid);
      const redisPid = Number(readFileSync(join(dataDir, 'redis', 'redis-server.pid'), 'utf8'));
      const watchdog = group.find((row) => row.command.includes('redis_killer'));
      expect(watchdog).toBeDefined();
      const index = startCli(['index', corpus, '--json', '--restart-wait', '90'], { SEMANTIK_DATA_DIR: dataDir }, 170_000);
      await waitFor(() => filesDone(dataDir) > 0, 'the first files to be indexed', 300_000, 50);

      // As an OOM kill would: the serve process alone. Its Redis watchdog goes too, so the restarted
      // serve finds the old redis-server still running on the folder and must stop it itself.
      process.kill(first.pid, 'SIGKILL');
      process.kill(watchdog!.pid, 'SIGKILL');
      await serve(dataDir);
      const result = await index.result;

      expect(result.code, result.stderr).toBe(EXIT.DONE);
      const summary = parseJsonOutput<Summary>(result);
      expect(summary).toMatchObject({ files: KILLABLE_FILES, indexed: KILLABLE_FILES, unchanged: 0, failed: 0 });
      expect(summary.chunks).toBe(folderState(dataDir).chunks);
      expect(result.stderr).toMatch(/the instance \(pid \d+\) stopped; following the new one \(pid \d+\)/);
      expect(errorLines(result.stderr)).toEqual([]);
      expect(folderState(dataDir)).toMatchObject({ files: KILLABLE_FILES, failed: 0, duplicates: 0 });
      // The old serve's workers left when their IPC channel closed; its redis-server was stopped.
      expect(stillRunning(group)).toEqual([]);
      expect(stillRunning([{ pid: redisPid, command: 'redis-server' }])).toEqual([]);
    },
    LONG_TEST_MS,
  );

  it(
    'follows a redis-server killed under a living serve without a word on stderr',
    async () => {
      const dataDir = join(base, 'redis');
      const corpus = makeCorpus(join(base, 'redis-corpus'), FILES, {}, 11).root;
      await serve(dataDir);
      const index = startCli(['index', corpus, '--json'], { SEMANTIK_DATA_DIR: dataDir }, 170_000);
      await waitFor(() => filesDone(dataDir) > 0, 'the first files to be indexed', 300_000, 50);
      const redisPid = Number(readFileSync(join(dataDir, 'redis', 'redis-server.pid'), 'utf8'));
      process.kill(redisPid, 'SIGKILL');
      await waitFor(
        () => Number(readFileSync(join(dataDir, 'redis', 'redis-server.pid'), 'utf8')) !== redisPid,
        'a new redis-server',
        30_000,
      );
      const result = await index.result;

      expect(result.code, result.stderr).toBe(EXIT.DONE);
      expect(result.stderr).toBe('');
      const summary = parseJsonOutput<Summary>(result);
      expect(summary).toMatchObject({ files: FILES, indexed: FILES, failed: 0 });
      expect(folderState(dataDir)).toMatchObject({ files: FILES, failed: 0, duplicates: 0 });
    },
    LONG_TEST_MS,
  );
});

describe('semantik index and status on a living serve', () => {
  it(
    'stops waiting on Ctrl-C (exit 0, the run goes on), queues with --detach, and status shows the runs',
    async () => {
      const dataDir = join(base, 'detach');
      const env = { SEMANTIK_DATA_DIR: dataDir };
      // Large enough that the run is still going when Ctrl-C arrives, a few dozen milliseconds after its first file.
      const corpus = makeCorpus(join(base, 'detach-corpus'), DETACH_FILES, {}, 13).root;
      await serve(dataDir);
      const index = startCli(['index', corpus], env);
      await waitFor(() => filesDone(dataDir) > 0, 'the first files to be indexed', 300_000, 50);
      index.child.kill('SIGINT');
      const interrupted = await index.result;
      expect(interrupted.code, interrupted.stderr).toBe(EXIT.DONE);
      expect(interrupted.stderr).toMatch(/stopped waiting; the indexing goes on in the app \(run 1\): `semantik status` shows it/);

      const small = join(base, 'detach-small');
      mkdirSync(small);
      writeFileSync(join(small, 'note.txt'), 'A short note about the harbour lights at dusk.\n');
      const detached = await runCli(['index', small, '--detach', '--json'], env, 30_000);
      expect(detached.code, detached.stderr).toBe(EXIT.DONE);
      const queued = parseJsonOutput<{ runs: Array<{ runId: number; folder: string }> }>(detached);
      expect(queued.runs).toEqual([{ runId: 2, folder: small }]);

      // Both runs go on without a command waiting for them, and status shows each to its end.
      interface Status {
        runs: Array<{ runId: number; folder: string; state: string; files: number; indexed: number }>;
      }
      const status = async (): Promise<Status> => parseJsonOutput<Status>(await runCli(['status', '--json'], env, 30_000));
      expect((await status()).runs.map((run) => run.runId).sort()).toEqual([1, 2]);
      await waitFor(
        async () => (await status()).runs.every((run) => run.state === 'done'),
        'both runs to be done, as status shows them',
        150_000,
        1_000,
      );
      const done = await status();
      expect(done.runs.find((run) => run.runId === 1)).toMatchObject({ folder: corpus, files: DETACH_FILES, indexed: DETACH_FILES });
      expect(done.runs.find((run) => run.runId === 2)).toMatchObject({ folder: small, files: 1, indexed: 1 });
    },
    LONG_TEST_MS,
  );

  it('exits 1 when files failed, with their reasons', async () => {
    const dataDir = join(base, 'failed');
    const folder = join(base, 'failed-folder');
    mkdirSync(folder);
    writeFileSync(join(folder, 'good.txt'), 'An ordinary note about growing tomatoes.\n');
    // 0xe9 alone is Latin-1 "é": a file name that is not valid UTF-8 cannot be indexed.
    writeFileSync(Buffer.concat([Buffer.from(`${folder}/caf`), Buffer.from([0xe9]), Buffer.from('.txt')]), 'A note.\n');
    await serve(dataDir);
    const result = await runCli(['index', folder, '--json'], { SEMANTIK_DATA_DIR: dataDir });
    expect(result.code, result.stderr).toBe(EXIT.FAILED);
    expect(parseJsonOutput<Summary>(result)).toMatchObject({ files: 2, indexed: 1, failed: 1 });
  });
});

describe('exit codes and --json error objects without an instance', () => {
  const env = (): Record<string, string> => ({ SEMANTIK_DATA_DIR: join(base, 'none') });

  it('exits 2 on bad usage, with a JSON error object under --json', async () => {
    const missing = await runCli(['index', '--json'], env(), 30_000);
    expect(missing.code).toBe(EXIT.USAGE);
    expect(parseJsonOutput<JsonError>(missing).error).toMatchObject({ code: 'USAGE', exitCode: EXIT.USAGE });
    const unknown = await runCli(['index', base, '--bogus', '--json'], env(), 30_000);
    expect(unknown.code).toBe(EXIT.USAGE);
    expect(parseJsonOutput<JsonError>(unknown).error.message).toMatch(/unknown option '--bogus'/);
    const plain = await runCli(['index'], env(), 30_000);
    expect(plain.code).toBe(EXIT.USAGE);
    expect(plain.stdout).toBe('');
  });

  it('exits 3 when a command needs an instance and none runs', async () => {
    const detach = await runCli(['index', base, '--detach', '--json'], env(), 30_000);
    expect(detach.code).toBe(EXIT.NO_INSTANCE);
    const failure = parseJsonOutput<JsonError>(detach);
    expect(failure.error).toMatchObject({ code: 'UNAVAILABLE', exitCode: EXIT.NO_INSTANCE });
    expect(failure.error.message).toMatch(/--detach needs a running instance.*semantik serve/);
    expect(detach.stderr).not.toMatch(/^\s+at /m);
    const status = await runCli(['status'], env(), 30_000);
    expect(status.code).toBe(EXIT.NO_INSTANCE);
  });
});
