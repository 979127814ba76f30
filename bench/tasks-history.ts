/**
 * The tasks view with a large history: 200,000 job records inserted through the recorder's write
 * path (the same patches and SQL), then, side by side in one run, a real engine (supervisor) on an
 * empty data folder and on the full one: the first page of the tasks query with a filter and a
 * search, a few other queries, and the supervisor's memory (RSS after GC).
 *
 * Usage: npx tsx bench/tasks-history.ts [--records N]
 * Targets (issue 4): first page under one second; memory within 50 MB of the empty supervisor.
 * Each engine runs in its own process (node --expose-gc), so that neither measurement carries the
 * other's allocations; the parent builds the data and prints the comparison.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApiParsedInput } from '../src/shared/api.js';
import { openStore } from '../src/node/store/open-store.js';
import { syntheticRecords } from '../test/helpers/job-records.js';

const QUERIES: Array<[string, string, ApiParsedInput<'tasks:list'>['sort']]> = [
  ['filter + search (the target)', 'state:failed name:embed memory', '-addedAt'],
  ['no filter', '', '-addedAt'],
  ['filter only', 'state:failed worker:w2', '-addedAt'],
  ['search only', 'corrupt zip', '-addedAt'],
  ['search, common word', 'embed', '-addedAt'],
  ['folder + time range', 'folder:/data/proj-3 after:3d', '-addedAt'],
  ['filter, slowest first', 'state:completed name:extract', '-duration'],
];

interface ChildReport {
  records: number;
  queries: Array<{ label: string; q: string; firstMs: number; warmMs: number; total: number; rows: number }>;
  deepPageMs: number;
  rssMb: number;
  heapMb: number;
}

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function child(dataDir: string): Promise<void> {
  const { createEngine } = await import('../src/main/engine/engine.js');
  const { forkLauncher } = await import('../src/main/engine/pool/fork-launcher.js');
  const engine = await createEngine({ launcher: forkLauncher, dataDir, workers: 0, env: { ...process.env, SEMANTIK_LOG_LEVEL: 'error' } });
  try {
    const list = engine.handlers['tasks:list'];
    const queries: ChildReport['queries'] = [];
    for (const [label, q, sort] of QUERIES) {
      const input = { q, limit: 50, offset: 0, sort };
      let started = performance.now();
      const first = await list(input);
      const firstMs = performance.now() - started;
      started = performance.now();
      for (let i = 0; i < 5; i++) await list(input);
      queries.push({ label, q, firstMs, warmMs: (performance.now() - started) / 5, total: first.total, rows: first.tasks.length });
    }
    const started = performance.now();
    await list({ q: '', limit: 50, offset: 100_000, sort: '-addedAt' });
    const deepPageMs = performance.now() - started;
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) throw new Error('run with node --expose-gc');
    gc();
    await new Promise((done) => setTimeout(done, 200));
    gc();
    const memory = process.memoryUsage();
    const report: ChildReport = {
      records: engine.store.history().size(),
      queries,
      deepPageMs,
      rssMb: memory.rss / 2 ** 20,
      heapMb: memory.heapUsed / 2 ** 20,
    };
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } finally {
    await engine.stop();
  }
}

function runChild(dataDir: string): ChildReport {
  const self = fileURLToPath(import.meta.url);
  const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', self, '--child', dataDir], {
    encoding: 'utf8',
    maxBuffer: 16 * 2 ** 20,
  });
  const line = result.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as ChildReport;
  } catch {
    throw new Error(`engine process failed (exit ${result.status}):\n${result.stderr.slice(-3000)}`);
  }
}

async function main(): Promise<void> {
  const childAt = process.argv.indexOf('--child');
  if (childAt >= 0) return child(process.argv[childAt + 1] ?? '');
  const count = flag('--records', 200_000);
  const base = mkdtempSync(join(tmpdir(), 'semantik-bench-tasks-'));
  try {
    const empty = join(base, 'empty');
    const full = join(base, 'full');
    openStore(join(empty, 'semantik.db')).close();
    const store = openStore(join(full, 'semantik.db'));
    const records = syntheticRecords(count, Date.now());
    const started = performance.now();
    // Batches the size of a busy recorder flush: one transaction each.
    for (let i = 0; i < records.length; i += 1_000) store.history().apply(records.slice(i, i + 1_000));
    const insertS = (performance.now() - started) / 1000;
    store.close();
    console.log(
      `inserted ${count} records through the recorder's write path in ${insertS.toFixed(1)} s (${Math.round(count / insertS)} records/s)`,
    );

    const a = runChild(empty);
    const b = runChild(full);
    console.log(`\nsupervisor (real engine, 0 workers)     empty history   ${b.records} records`);
    for (const [i, query] of b.queries.entries()) {
      const e = a.queries[i];
      console.log(
        `${query.label.padEnd(30)} first page ${e?.firstMs.toFixed(1).padStart(7)} ms   ${query.firstMs.toFixed(1).padStart(7)} ms (warm ${query.warmMs.toFixed(1)} ms; ${query.total} match)   q=${JSON.stringify(query.q)}`,
      );
    }
    console.log(
      `${'page at offset 100,000'.padEnd(30)}            ${a.deepPageMs.toFixed(1).padStart(7)} ms   ${b.deepPageMs.toFixed(1).padStart(7)} ms`,
    );
    console.log(
      `${'RSS after GC'.padEnd(30)}            ${a.rssMb.toFixed(1).padStart(7)} MB   ${b.rssMb.toFixed(1).padStart(7)} MB   difference ${(b.rssMb - a.rssMb).toFixed(1)} MB (ratio ${(b.rssMb / a.rssMb).toFixed(2)})`,
    );
    console.log(
      `${'JS heap after GC'.padEnd(30)}            ${a.heapMb.toFixed(1).padStart(7)} MB   ${b.heapMb.toFixed(1).padStart(7)} MB   difference ${(b.heapMb - a.heapMb).toFixed(1)} MB`,
    );
    const target = b.queries[0];
    const ok = (target?.firstMs ?? Infinity) < 1000 && b.rssMb - a.rssMb < 50;
    console.log(`\ntargets: first page with filter and search < 1000 ms, memory within 50 MB of empty: ${ok ? 'met' : 'NOT met'}`);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

await main();
