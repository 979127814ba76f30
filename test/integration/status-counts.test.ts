/**
 * `semantik status` against a real `semantik serve` (embedded Redis, worker processes, SQLite):
 * each folder's files add up (indexed + failed + skipped + pending = files, nothing pending once
 * done), and a run that goes on carries its elapsed time, rate and ETA.
 */
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { StatusFolder } from '../../src/shared/instance-status';
import { EXIT } from '../../src/main/cli/exit-codes';
import { startServe, type ServedApp } from '../e2e/helpers/serve';
import { parseJsonOutput, runCli } from '../helpers/cli';
import { makeCorpus } from '../helpers/corpus';
import { waitFor } from '../helpers/engine';
import { MIXED_COUNTS, writeMixedFolder } from '../helpers/mixed-folder';

/** Enough small files that several status calls land while the run goes on, even on two cores. */
const RUNNING_FILES = 400;
const LONG_TEST_MS = 400_000;

interface Status {
  runs: Array<{ runId: number; folder: string; state: string }>;
  folders: StatusFolder[];
}

const base = realpathSync(mkdtempSync(join(tmpdir(), 'semantik-status-counts-')));
const apps: ServedApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.stop();
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

async function serve(): Promise<Record<string, string>> {
  const app = await startServe({ workers: 2 });
  apps.push(app);
  return { SEMANTIK_DATA_DIR: app.dataDir };
}

async function status(env: Record<string, string>): Promise<Status> {
  const result = await runCli(['status', '--json'], env, 30_000);
  expect(result.code, result.stderr).toBe(EXIT.DONE);
  return parseJsonOutput<Status>(result);
}

function folderOf(current: Status, path: string): StatusFolder {
  const found = current.folders.find((folder) => folder.path === path);
  if (!found) throw new Error(`status lists no folder ${path}: ${JSON.stringify(current.folders)}`);
  return found;
}

describe('semantik status: folder counts that add up', () => {
  it('counts indexed, failed and skipped files of a finished folder the same in JSON and in plain text', async () => {
    const folder = join(base, 'mixed');
    writeMixedFolder(folder);
    const env = await serve();

    const indexed = await runCli(['index', folder, '--json'], env);
    // Done with a failed file: exit 1.
    expect(indexed.code, indexed.stderr).toBe(EXIT.FAILED);

    const current = await status(env);
    const entry = folderOf(current, folder);
    expect(entry).toMatchObject({ ...MIXED_COUNTS, state: 'done', error: null, progress: null });
    expect(entry.indexed + entry.failed + entry.skipped).toBe(entry.files);
    // The existing fields stay beside the new list.
    expect(current.runs).toEqual([expect.objectContaining({ runId: entry.runId, folder, state: 'done' })]);

    const plain = await runCli(['status'], env, 30_000);
    expect(plain.code, plain.stderr).toBe(EXIT.DONE);
    expect(plain.stdout).toContain(`\nfolders:\n  ${folder}: done, 6 files: 3 indexed, 1 failed, 2 skipped\n`);
  });

  it(
    'adds up at every moment of a run, which carries its elapsed time, rate and ETA until it is done',
    async () => {
      const corpus = makeCorpus(join(base, 'running'), RUNNING_FILES).root;
      const env = await serve();
      const detached = await runCli(['index', corpus, '--detach', '--json'], env, 30_000);
      expect(detached.code, detached.stderr).toBe(EXIT.DONE);

      const going: StatusFolder[] = [];
      let last: StatusFolder | undefined;
      await waitFor(
        async () => {
          last = folderOf(await status(env), corpus);
          // One query counts every state: the parts make the whole even mid-run.
          expect(last.indexed + last.failed + last.skipped + last.pending).toBe(last.files);
          if (last.state === 'done') return true;
          going.push(last);
          return false;
        },
        'the folder to be done, as status shows it',
        LONG_TEST_MS - 60_000,
        250,
      );
      expect(last).toMatchObject({
        state: 'done',
        files: RUNNING_FILES,
        indexed: RUNNING_FILES,
        failed: 0,
        skipped: 0,
        pending: 0,
        progress: null,
      });
      expect(going.length, 'status calls while the run went on').toBeGreaterThan(0);
      for (const entry of going) {
        expect(['scanning', 'indexing', 'paused']).toContain(entry.state);
        const progress = entry.progress;
        expect(progress, JSON.stringify(entry)).not.toBeNull();
        expect(progress!.elapsedSeconds).toBeGreaterThanOrEqual(0);
        if (progress!.rate !== null) expect(progress!.rate).toBeGreaterThanOrEqual(0);
        if (progress!.etaSeconds !== null) expect(progress!.etaSeconds).toBeGreaterThanOrEqual(0);
      }
      // Files finish one after another: a later status never has fewer indexed.
      const indexedSeen = going.map((entry) => entry.indexed);
      expect([...indexedSeen].sort((a, b) => a - b)).toEqual(indexedSeen);
    },
    LONG_TEST_MS,
  );
});
