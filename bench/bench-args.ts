/** Parses the bench command line: `--quick` and `--device <name>`. */
import type { BenchOptions } from './bench-module.js';

export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const i = argv.indexOf('--device');
  const device = i >= 0 ? argv[i + 1] : 'cpu';
  if (!device || device.startsWith('--')) throw new TypeError('--device needs a value: cpu or cuda');
  return { quick: argv.includes('--quick'), device };
}
