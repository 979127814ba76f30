/**
 * `npm run bench [-- --quick] [-- --device cuda]`: every speed figure of the app in one run.
 *
 * Runs each module listed in bench/modules.ts in its own child process (`bench/run-module.ts`),
 * one after the other, so each figure and the reference it is compared with are measured side by
 * side in the same run, on the same machine load, and no module measures while another one runs.
 * Prints a table and writes bench/results.json: every module's figures under their keys, each target
 * of bench/targets.ts with its value and pass/fail, and how each module ended (ok, failed, not run:
 * a module whose file does not exist yet). The contract a module follows is in bench/bench-module.ts.
 * A CLI script: it prints with console. It exits 0 whether or not targets are met (it reports; the
 * tests gate behaviour, not timings), and 1 only when the harness itself breaks.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseBenchArgs } from './bench-args.js';
import { BENCH_RESULT_PREFIX, type BenchFigures, type BenchOptions } from './bench-module.js';
import { BENCH_MODULES, type BenchModuleEntry } from './modules.js';
import { BENCH_TARGETS } from './targets.js';

const here = dirname(fileURLToPath(import.meta.url));
/** A module that runs longer than this is stopped and reported failed (the suite has 25 minutes). */
const MODULE_TIMEOUT_MS = { quick: 5 * 60_000, full: 15 * 60_000 };

interface ModuleOutcome {
  status: 'ok' | 'failed' | 'not run';
  seconds?: number;
  error?: string;
  keys: readonly string[];
}

async function runModule(entry: BenchModuleEntry, options: BenchOptions): Promise<{ outcome: ModuleOutcome; figures: BenchFigures }> {
  if (!existsSync(join(here, `${entry.name}.ts`))) return { outcome: { status: 'not run', keys: entry.keys }, figures: {} };
  const started = performance.now();
  const args = [
    '--import',
    'tsx',
    join(here, 'run-module.ts'),
    entry.name,
    '--device',
    options.device,
    ...(options.quick ? ['--quick'] : []),
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let figures: BenchFigures | null = null;
  let pending = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (data: string) => {
    pending += data;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith(BENCH_RESULT_PREFIX)) figures = JSON.parse(line.slice(BENCH_RESULT_PREFIX.length)) as BenchFigures;
      else console.log(`  [${entry.name}] ${line}`);
    }
  });
  const timeoutMs = options.quick ? MODULE_TIMEOUT_MS.quick : MODULE_TIMEOUT_MS.full;
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.on('exit', (exitCode, signal) => resolve(signal ? null : exitCode)));
  clearTimeout(timer);
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  if (code === 0 && figures) return { outcome: { status: 'ok', seconds, keys: entry.keys }, figures };
  const error =
    code === null ? `stopped after ${timeoutMs / 1000} s or killed` : `exited with code ${code}${figures ? '' : ' without figures'}`;
  return { outcome: { status: 'failed', seconds, error, keys: entry.keys }, figures: figures ?? {} };
}

/** The value at a dotted key path, if it is a number. */
function numberAt(results: BenchFigures, path: string): number | undefined {
  let value: unknown = results;
  for (const part of path.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function format(value: unknown): string {
  if (typeof value !== 'number') return JSON.stringify(value);
  if (Number.isInteger(value) || Math.abs(value) >= 1000) return String(Math.round(value));
  return value
    .toPrecision(4)
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '');
}

/** Every number in the figures, flattened to dotted paths, for the table. */
function flatten(figures: unknown, prefix = ''): [string, unknown][] {
  if (figures === null || typeof figures !== 'object' || Array.isArray(figures)) return [[prefix, figures]];
  return Object.entries(figures).flatMap(([key, value]) => flatten(value, prefix ? `${prefix}.${key}` : key));
}

async function main(): Promise<void> {
  const options = parseBenchArgs(process.argv.slice(2));
  const startedAt = new Date().toISOString();
  const started = performance.now();
  console.log(`bench: ${options.quick ? 'quick' : 'full'} run, device ${options.device}, ${availableParallelism()} cores`);
  const results: BenchFigures = {};
  const modules: Record<string, ModuleOutcome> = {};
  for (const entry of BENCH_MODULES) {
    console.log(`\n▶ ${entry.name}`);
    const { outcome, figures } = await runModule(entry, options);
    Object.assign(results, figures);
    modules[entry.name] = outcome;
    console.log(
      `  ${outcome.status}${outcome.seconds === undefined ? '' : ` in ${outcome.seconds} s`}${outcome.error ? `: ${outcome.error}` : ''}`,
    );
  }
  const targets = BENCH_TARGETS.map((target) => {
    const actual = numberAt(results, target.key);
    const pass = actual === undefined ? null : target.op === '>=' ? actual >= target.value : actual <= target.value;
    return { ...target, actual: actual ?? null, pass };
  });
  const output = {
    ...results,
    targets,
    modules,
    run: {
      quick: options.quick,
      device: options.device,
      started_at: startedAt,
      seconds: Math.round((performance.now() - started) / 1000),
      cores: availableParallelism(),
      cpu: cpus()[0]?.model ?? 'unknown',
      memory_gb: Math.round(totalmem() / 1024 ** 3),
      node: process.version,
    },
  };
  await writeFile(join(here, 'results.json'), `${JSON.stringify(output, null, 2)}\n`);

  console.log('\nfigure                                         value        target     ');
  console.log('─'.repeat(78));
  const byKey = new Map(targets.map((t) => [t.key, t]));
  for (const entry of BENCH_MODULES) {
    const outcome = modules[entry.name];
    if (outcome?.status !== 'ok') {
      for (const key of entry.keys) console.log(`${key.padEnd(46)} ${(outcome?.status ?? 'not run').padEnd(12)}`);
      continue;
    }
    for (const key of entry.keys) {
      for (const [path, value] of flatten(results[key], key)) {
        const target = byKey.get(path);
        const verdict = target ? `${target.op} ${format(target.value)}  ${target.pass === null ? '?' : target.pass ? 'pass' : 'FAIL'}` : '';
        console.log(`${path.padEnd(46)} ${format(value).padEnd(12)} ${verdict}`);
      }
    }
  }
  const met = targets.filter((t) => t.pass === true).length;
  console.log(`\n${met} of ${targets.length} targets met; results in bench/results.json (${output.run.seconds} s)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
