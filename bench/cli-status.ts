/**
 * How fast the `semantik` command answers against a running instance: status, gpus, workers and
 * search, idle and while the instance indexes, beside `node -e 0` (the floor of any Node command).
 *
 * `cli_status_ms` is the slowest of them (median of a few runs each); the times of each command
 * and of `node -e 0` are under `cli_commands_ms`.
 *
 * Usage: npx tsx bench/cli-status.ts [--quick]
 * Starts `semantik serve` on a temporary data folder, times each command (median of a few runs),
 * then starts indexing a folder of generated files and times them again while it runs.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(fileURLToPath(import.meta.url), '..', '..');
const CLI = join(ROOT, 'bin', 'semantik.js');
const COMMANDS: Record<string, string[]> = {
  status: ['status', '--json'],
  gpus: ['gpus', '--json'],
  workers: ['workers', '--json'],
  search: ['search', 'harbour lighthouse keeper', '--json'],
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Milliseconds one run of `node <args>` takes (it must exit 0). */
function timeRun(args: string[], env: NodeJS.ProcessEnv): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { env, encoding: 'utf8', timeout: 120_000 });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr.slice(-500)}`);
  return ms;
}

function timeCommands(dataDir: string, runs: number, env: NodeJS.ProcessEnv, suffix: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, args] of Object.entries(COMMANDS)) {
    out[`${name}_${suffix}`] = Math.round(median(Array.from({ length: runs }, () => timeRun([CLI, '--data-dir', dataDir, ...args], env))));
  }
  return out;
}

export async function run(options: { quick: boolean }): Promise<Record<string, unknown>> {
  const base = mkdtempSync(join(tmpdir(), 'semantik-cli-bench-'));
  const dataDir = join(base, 'data');
  const env = { ...process.env, SEMANTIK_LOG_LEVEL: 'error' };
  const runs = options.quick ? 3 : 5;
  const serve = spawn(process.execPath, [CLI, '--data-dir', dataDir, 'serve', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let indexer: ReturnType<typeof spawn> | null = null;
  try {
    await new Promise<void>((ready, fail) => {
      let seen = '';
      serve.stdout.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes('listening on')) ready();
      });
      serve.once('exit', (code) => fail(new Error(`semantik serve exited ${code}`)));
    });
    const floor = Math.round(median(Array.from({ length: runs }, () => timeRun(['-e', '0'], env))));
    const idle = timeCommands(dataDir, runs, env, 'idle');
    const corpus = join(base, 'corpus');
    const files = options.quick ? 2000 : 10_000;
    for (let i = 0; i < files; i += 1) {
      const dir = join(corpus, `d${i % 50}`);
      if (i < 50) mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, `f${i}.md`),
        `# Note ${i}\n\nThe harbour lighthouse keeper wrote entry ${i} about ships, tides and storms.\n`.repeat(20),
      );
    }
    indexer = spawn(process.execPath, [CLI, '--data-dir', dataDir, 'index', corpus, '--json'], { env, stdio: 'ignore' });
    // Let the run get going: the scan queues, the workers extract and embed.
    await new Promise((done) => setTimeout(done, 3000));
    const indexing = timeCommands(dataDir, runs, env, 'indexing');
    const stillIndexing = indexer.exitCode === null;
    // The figure is the slowest command, idle or while indexing: each must answer at once.
    const slowest = Math.max(...Object.values(idle), ...Object.values(indexing));
    return {
      cli_status_ms: slowest,
      cli_commands_ms: { ...idle, ...indexing, node_e0: floor, indexing_throughout: stillIndexing ? 1 : 0 },
    };
  } finally {
    if (indexer && indexer.exitCode === null) indexer.kill('SIGTERM');
    serve.kill('SIGTERM');
    await new Promise((done) => (serve.exitCode === null ? serve.once('exit', done) : done(null)));
    rmSync(base, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await run({ quick: process.argv.includes('--quick') }), null, 2));
}
