import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { walkFiles, type WalkOptions, type WalkProblem } from '../../src/workers/scan/walk';

let base: string;
let root: string;

function file(path: string, text = 'x'): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

async function walk(options: Partial<WalkOptions> = {}): Promise<{ files: string[]; problems: WalkProblem[] }> {
  const problems: WalkProblem[] = [];
  const files: string[] = [];
  for await (const found of walkFiles(root, { onProblem: (p) => problems.push(p), ...options })) files.push(relative(root, found.path));
  return { files, problems };
}

beforeAll(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'semantik-walk-')));
  root = join(base, 'root');
  file(join(root, 'a.txt'), 'hello');
  file(join(root, '.hidden.txt'));
  file(join(root, '.notes', 'n.txt'));
  file(join(root, 'node_modules', 'pkg', 'index.js'));
  file(join(root, '.git', 'config'));
  file(join(root, '~$locked.docx'));
  file(join(root, '.gitignore'), 'secret.txt\n');
  file(join(root, 'secret.txt'));
  file(join(root, 'sub', '.gitignore'), '*.log\n!keep.log\nbuild/\n');
  file(join(root, 'sub', 'x.log'));
  file(join(root, 'sub', 'keep.log'));
  file(join(root, 'sub', 'build', 'out.txt'));
  file(join(root, 'sub', 'y.txt'));
  file(join(root, 'sub', 'secret.txt'));
  file(join(root, 'draft.tmp'));
  file(join(base, 'outside', 'ext.txt'));
  // A loop (a link to an ancestor), two links to one outside folder, a link to a file inside, a broken link.
  symlinkSync(root, join(root, 'sub', 'loop'));
  symlinkSync(join(base, 'outside'), join(root, 'ext-a'));
  symlinkSync(join(base, 'outside'), join(root, 'ext-b'));
  symlinkSync(join(root, 'a.txt'), join(root, 'a-link.txt'));
  symlinkSync(join(base, 'missing'), join(root, 'dangling.txt'));
  // A link to the indexed folder's parent, and a named pipe (opening it would block until a writer comes).
  symlinkSync('..', join(root, 'up'));
  execFileSync('mkfifo', [join(root, 'pipe.txt')]);
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('walkFiles', () => {
  it('honours .gitignore files at each level, the defaults and extra patterns, and skips hidden names', async () => {
    const { files } = await walk({ ignorePatterns: ['*.tmp'], followSymlinks: 'all' });
    expect(files).toEqual(['a.txt', 'ext-a/ext.txt', 'sub/keep.log', 'sub/y.txt']);
  });

  it('by default follows no link out of the tree, names each one skipped, and skips a named pipe', async () => {
    const { files, problems } = await walk();
    expect(files).toEqual(['a.txt', 'draft.tmp', 'sub/keep.log', 'sub/y.txt']);
    const byPath = new Map(problems.map((p) => [relative(root, p.path), p]));
    expect([...byPath.keys()].sort()).toEqual(['dangling.txt', 'ext-a', 'ext-b', 'pipe.txt', 'sub/loop', 'up']);
    expect(byPath.get('ext-a')).toEqual({
      path: join(root, 'ext-a'),
      reason: `skipped: symbolic link out of the indexed folder (to ${join(base, 'outside')}): not followed (SEMANTIK_FOLLOW_SYMLINKS=all follows it)`,
      skipped: true,
    });
    expect(byPath.get('up')).toEqual({
      path: join(root, 'up'),
      reason: `skipped: symbolic link to an ancestor folder (${base}): never followed, it would loop`,
      skipped: true,
    });
    expect(byPath.get('sub/loop')).toMatchObject({ reason: expect.stringMatching(/ancestor folder/), skipped: true });
    expect(byPath.get('pipe.txt')).toEqual({
      path: join(root, 'pipe.txt'),
      reason: 'skipped: a named pipe (FIFO), not a regular file',
      skipped: true,
    });
    // A broken link is a problem, not a choice.
    expect(byPath.get('dangling.txt')).toEqual({ path: join(root, 'dangling.txt'), reason: expect.stringMatching(/broken symbolic link/) });
  });

  it('with all, follows links out of the tree once, never one to an ancestor, and reports broken links', async () => {
    const { files, problems } = await walk({ followSymlinks: 'all' });
    expect(files.filter((f) => f.includes('ext.txt'))).toEqual(['ext-a/ext.txt']);
    expect(files.some((f) => f.startsWith('sub/loop') || f.startsWith('up/'))).toBe(false);
    expect(files).not.toContain('a-link.txt');
    expect(problems.map((p) => relative(root, p.path)).sort()).toEqual(['dangling.txt', 'pipe.txt', 'sub/loop', 'up']);
    expect(problems.find((p) => p.path === join(root, 'up'))?.reason).toMatch(/ancestor folder .*never followed/);
  });

  it('walks hidden files when asked, but never version-control folders', async () => {
    const { files } = await walk({ includeHidden: true });
    expect(files).toEqual(expect.arrayContaining(['.hidden.txt', '.notes/n.txt', '.gitignore', 'sub/.gitignore']));
    expect(files.some((f) => f.startsWith('.git/'))).toBe(false);
  });

  it('does not follow links when told not to', async () => {
    const { files, problems } = await walk({ followSymlinks: 'none' });
    expect(files).toEqual(['a.txt', 'draft.tmp', 'sub/keep.log', 'sub/y.txt']);
    // Links are left alone without a word when the person turned them off; the pipe is still named.
    expect(problems.map((p) => relative(root, p.path))).toEqual(['pipe.txt']);
  });

  it('reports sizes and modification times', async () => {
    const found = [];
    for await (const entry of walkFiles(root, { onProblem: () => undefined })) found.push(entry);
    expect(found.find((f) => f.path === join(root, 'a.txt'))).toMatchObject({ size: 5, mtimeMs: expect.any(Number) });
  });
});

describe('walkFiles and the event loop', () => {
  it('gives the event loop turns while it walks, however small the folders', async () => {
    // Its system calls are synchronous: a tree of many small folders must still not hold the
    // process (heartbeats, the worker's other jobs) for the whole walk.
    const tree = realpathSync(mkdtempSync(join(tmpdir(), 'semantik-walk-turns-')));
    const folders = 1000;
    try {
      for (let folder = 0; folder < folders; folder++) file(join(tree, `f${folder}`, 'a.txt'));
      let found = 0;
      let atLastTurn = 0;
      let longest = 0;
      let walking = true;
      const tick = (): void => {
        longest = Math.max(longest, found - atLastTurn);
        atLastTurn = found;
        if (walking) setImmediate(tick);
      };
      setImmediate(tick);
      for await (const entry of walkFiles(tree, { onProblem: () => undefined })) found += entry.size;
      walking = false;
      longest = Math.max(longest, found - atLastTurn);
      expect(found).toBe(folders);
      // About three calls a folder (its read, its lstat and its file's): a turn every 256 calls
      // is one every 85 or so folders; without turns the whole walk is one block of 1,000.
      expect(longest).toBeGreaterThan(0);
      expect(longest).toBeLessThanOrEqual(300);
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  });
});
