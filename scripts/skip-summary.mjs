// The end of `npm test`: lists every skipped test of the tiers that ran, with why, and fails when
// one is not on test/skip-allow-list.mjs. `--clear` (the start of `npm test`) forgets earlier runs.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SKIP_ALLOW_LIST } from '../test/skip-allow-list.mjs';

const dir = join(process.cwd(), 'test-results', 'skips');
if (process.argv.includes('--clear')) {
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

const skipped = existsSync(dir)
  ? readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .flatMap((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')))
  : [];
const allowed = (skip) =>
  SKIP_ALLOW_LIST.find((entry) => entry.file === skip.file && (entry.test === '*' || skip.test.endsWith(entry.test)));

const unexpected = [];
console.log(`\nSkipped tests: ${skipped.length}`);
for (const skip of skipped) {
  const entry = allowed(skip);
  if (!entry) unexpected.push(skip);
  const why = skip.note ?? entry?.why ?? 'no reason given';
  console.log(`  ${entry ? '-' : '✗'} [${skip.project}] ${skip.file} > ${skip.test}\n      ${why}`);
}
if (unexpected.length > 0) {
  console.error(
    `\n${unexpected.length} skipped test(s) not on test/skip-allow-list.mjs: a skip must be a known limit of the machine, listed there with why.`,
  );
  process.exit(1);
}
