/**
 * Which file `semantik` runs (bin/cli-entry.js): the built bundle when it is at least as new as
 * every source file, else the sources through tsx; and the real command, after `npm run build`,
 * runs the bundle.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: plain JavaScript beside bin/semantik.js, without type declarations.
import { chooseCliEntry } from '../../bin/cli-entry.js';
import { CLI, REPO_ROOT } from '../helpers/cli';

const root = mkdtempSync(join(tmpdir(), 'semantik-cli-entry-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

type Entry = { kind: 'bundle' | 'sources'; path: string; reason?: string };
const choose = chooseCliEntry as (root: string) => Entry;

/** A checkout with a source file and (optionally) a bundle, with the given modification times (s). */
function checkout(name: string, sourceTime: number, bundleTime: number | null): string {
  const dir = join(root, name);
  mkdirSync(join(dir, 'src', 'main', 'cli'), { recursive: true });
  writeFileSync(join(dir, 'src', 'main', 'cli', 'main.ts'), '');
  utimesSync(join(dir, 'src', 'main', 'cli', 'main.ts'), sourceTime, sourceTime);
  if (bundleTime !== null) {
    mkdirSync(join(dir, 'out', 'main'), { recursive: true });
    writeFileSync(join(dir, 'out', 'main', 'cli.js'), '');
    utimesSync(join(dir, 'out', 'main', 'cli.js'), bundleTime, bundleTime);
  }
  return dir;
}

describe('semantik entry', () => {
  it('runs the bundle when it is newer than every source', () => {
    const dir = checkout('fresh', 1000, 2000);
    expect(choose(dir)).toEqual({ kind: 'bundle', path: join(dir, 'out', 'main', 'cli.js') });
  });

  it('runs the sources when the bundle is missing or older than a source', () => {
    expect(choose(checkout('missing', 1000, null))).toMatchObject({ kind: 'sources', reason: expect.stringContaining('not built') });
    const stale = checkout('stale', 3000, 2000);
    expect(choose(stale)).toMatchObject({
      kind: 'sources',
      path: join(stale, 'src', 'main', 'cli', 'main.ts'),
      reason: expect.stringContaining('older'),
    });
  });

  it.runIf(existsSync(join(REPO_ROOT, 'out', 'main', 'cli.js')) && choose(REPO_ROOT).kind === 'bundle')(
    'the real command runs the built bundle and answers from it',
    () => {
      const result = spawnSync(process.execPath, [CLI, '--data-dir', join(root, 'data'), 'status', '--json'], {
        env: { ...process.env, SEMANTIK_CLI_TRACE: '1' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(result.stderr).toContain(`semantik: running ${join(REPO_ROOT, 'out', 'main', 'cli.js')}`);
      expect(result.stderr).not.toContain('tsx');
      expect(JSON.parse(result.stdout)).toMatchObject({ running: false });
      expect(result.status).toBe(3);
    },
  );
});
