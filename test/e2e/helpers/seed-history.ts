/**
 * Seeds a data folder's job history with synthetic records, in a child process so that a test can
 * do other work meanwhile (200,000 records take about a minute through the recorder's write path).
 *
 * As a script: `node --import tsx seed-history.ts <dataDir> <count>` prints `{"seconds": N}`.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../../src/node/store/open-store';
import { syntheticRecords } from '../../helpers/job-records';
import { REPO_ROOT } from './build-renderer';

/** Records per transaction: the size of a busy recorder's flush. */
const BATCH = 1_000;

/** Writes `count` synthetic job records into `dataDir`'s store through the recorder's write path. */
export function seedHistory(dataDir: string, count: number): void {
  const store = openStore(join(dataDir, 'semantik.db'));
  try {
    const records = syntheticRecords(count, Date.now());
    for (let i = 0; i < records.length; i += BATCH) store.history().apply(records.slice(i, i + BATCH));
  } finally {
    store.close();
  }
}

/** Seeds in a child process; resolves with the seconds it took, rejects with its stderr on failure. */
export function seedHistoryInChild(dataDir: string, count: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), dataDir, String(count)], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      if (code === 0 && line.startsWith('{')) resolve((JSON.parse(line) as { seconds: number }).seconds);
      else reject(new Error(`seeding the history failed (exit ${code}): ${stderr.slice(-2000)}`));
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dataDir, count] = process.argv.slice(2);
  const started = performance.now();
  seedHistory(dataDir ?? '', Number(count));
  process.stdout.write(`${JSON.stringify({ seconds: (performance.now() - started) / 1000 })}\n`);
}
