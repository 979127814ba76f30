/**
 * A vitest reporter that records every skipped test of the run, with the note its `ctx.skip(note)`
 * gave, in `test-results/skips/<projects>.json`. `scripts/skip-summary.mjs` prints them at the end
 * of `npm test` and fails the run on a skip that is not on test/skip-allow-list.mjs.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

/** One skipped test as the summary reads it. */
interface SkippedTest {
  project: string;
  file: string;
  test: string;
  note: string | null;
}

export default class SkipListReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const root = process.cwd();
    const skipped: SkippedTest[] = [];
    const projects = new Set<string>();
    for (const module of testModules) {
      projects.add(module.project.name);
      for (const test of module.children.allTests()) {
        const result = test.result();
        if (result.state !== 'skipped') continue;
        skipped.push({
          project: module.project.name,
          file: relative(root, module.moduleId),
          test: test.fullName,
          note: result.note ?? null,
        });
      }
    }
    if (projects.size === 0) return;
    const dir = join(root, 'test-results', 'skips');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${[...projects].sort().join('+')}.json`), `${JSON.stringify(skipped, null, 2)}\n`);
  }
}
