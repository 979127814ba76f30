/**
 * Runs one bench module in this process and prints its figures as one `BENCH_RESULT <json>` line.
 *
 * Usage: npx tsx bench/run-module.ts <name> [--quick] [--device cpu|cuda]
 * The harness (bench/run-all.ts) starts one of these per module; run it alone to work on a module.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BENCH_RESULT_PREFIX, type BenchModule } from './bench-module.js';
import { parseBenchArgs } from './bench-args.js';

const name = process.argv[2];
if (!name || name.startsWith('--')) {
  process.stderr.write('usage: npx tsx bench/run-module.ts <name> [--quick] [--device cpu|cuda]\n');
  process.exit(2);
}
const file = join(dirname(fileURLToPath(import.meta.url)), `${name}.ts`);
if (!existsSync(file)) {
  process.stderr.write(`bench module not found: ${file}\n`);
  process.exit(3);
}
const mod = (await import(pathToFileURL(file).href)) as Partial<BenchModule>;
if (typeof mod.run !== 'function') throw new TypeError(`bench/${name}.ts does not export run(options)`);
const figures = await mod.run(parseBenchArgs(process.argv.slice(3)));
process.stdout.write(`${BENCH_RESULT_PREFIX}${JSON.stringify(figures)}\n`);
// A module may leave a handle open by mistake (a timer, a socket): the figures are out, so end here.
process.exit(0);
