/**
 * The end of `npm test` (scripts/skip-summary.mjs): every skip is listed with why, and one that is
 * not on test/skip-allow-list.mjs fails the run.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli';

const SCRIPT = join(REPO_ROOT, 'scripts', 'skip-summary.mjs');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Runs the summary in a folder whose recorded skips are `skips`. */
function summarize(skips: Array<{ project: string; file: string; test: string; note: string | null }>): {
  code: number | null;
  out: string;
} {
  const cwd = mkdtempSync(join(tmpdir(), 'semantik-skips-'));
  dirs.push(cwd);
  mkdirSync(join(cwd, 'test-results', 'skips'), { recursive: true });
  writeFileSync(join(cwd, 'test-results', 'skips', 'unit.json'), JSON.stringify(skips));
  const run = spawnSync(process.execPath, [SCRIPT], { cwd, encoding: 'utf8' });
  return { code: run.status, out: run.stdout + run.stderr };
}

describe('skip summary', () => {
  it('lists an allowed skip with its note and passes', () => {
    const result = summarize([
      {
        project: 'e2e',
        file: 'test/e2e/electron-smoke.test.ts',
        test: 'desktop app (Electron) > opens the window and shows the ready monitor',
        note: 'no Electron binary here',
      },
    ]);
    expect(result.code).toBe(0);
    expect(result.out).toContain('Skipped tests: 1');
    expect(result.out).toContain('no Electron binary here');
  });

  it('gives the allow-list reason to a skip without a note', () => {
    const result = summarize([
      {
        project: 'unit',
        file: 'test/unit/read-file.test.ts',
        test: 'x > refuses a named pipe without opening it (opening one would wait for a writer)',
        note: null,
      },
    ]);
    expect(result.code).toBe(0);
    expect(result.out).toContain('named pipes in the file system are POSIX only');
  });

  it('fails on a skip that is not on the allow-list', () => {
    const result = summarize([{ project: 'unit', file: 'test/unit/anything.test.ts', test: 'quietly skipped', note: null }]);
    expect(result.code).toBe(1);
    expect(result.out).toContain('not on test/skip-allow-list.mjs');
  });
});
