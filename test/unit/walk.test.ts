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
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('walkFiles', () => {
  it('honours .gitignore files at each level, the defaults and extra patterns, and skips hidden names', async () => {
    const { files } = await walk({ ignorePatterns: ['*.tmp'] });
    expect(files).toEqual(['a.txt', 'ext-a/ext.txt', 'sub/keep.log', 'sub/y.txt']);
  });

  it('follows links out of the tree once, never loops, and reports broken links', async () => {
    const { files, problems } = await walk();
    expect(files.filter((f) => f.includes('ext.txt'))).toEqual(['ext-a/ext.txt']);
    expect(files.some((f) => f.startsWith('sub/loop'))).toBe(false);
    expect(files).not.toContain('a-link.txt');
    expect(problems).toEqual([
      expect.objectContaining({ path: join(root, 'dangling.txt'), reason: expect.stringMatching(/broken symbolic link/) }),
    ]);
  });

  it('walks hidden files when asked, but never version-control folders', async () => {
    const { files } = await walk({ includeHidden: true });
    expect(files).toEqual(expect.arrayContaining(['.hidden.txt', '.notes/n.txt', '.gitignore', 'sub/.gitignore']));
    expect(files.some((f) => f.startsWith('.git/'))).toBe(false);
  });

  it('does not follow links when told not to', async () => {
    const { files, problems } = await walk({ followSymlinks: false });
    expect(files).toEqual(['a.txt', 'draft.tmp', 'sub/keep.log', 'sub/y.txt']);
    expect(problems).toEqual([]);
  });

  it('reports sizes and modification times', async () => {
    const found = [];
    for await (const entry of walkFiles(root, { onProblem: () => undefined })) found.push(entry);
    expect(found.find((f) => f.path === join(root, 'a.txt'))).toMatchObject({ size: 5, mtimeMs: expect.any(Number) });
  });
});
