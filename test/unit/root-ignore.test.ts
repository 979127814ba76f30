import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RootIgnoreMatcher } from '../../src/node/scan-rules/root-ignore';
import { walkFiles } from '../../src/workers/scan/walk';

const root = mkdtempSync(join(tmpdir(), 'semantik-root-ignore-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('RootIgnoreMatcher', () => {
  it('gives, path by path, the answer the walk gives', async () => {
    const files = [
      'keep.txt',
      'build/out.txt',
      'src/a.ts',
      'src/gen/b.ts',
      'src/gen/keep.ts',
      '.hidden/x.txt',
      'node_modules/pkg/index.js',
      'notes/draft.tmp',
      'notes/final.md',
    ];
    for (const file of files) {
      mkdirSync(join(root, file, '..'), { recursive: true });
      writeFileSync(join(root, file), 'x');
    }
    writeFileSync(join(root, '.gitignore'), 'build/\n*.tmp\n');
    writeFileSync(join(root, 'src', '.gitignore'), 'gen/*\n!gen/keep.ts\n');
    const walked: string[] = [];
    for await (const file of walkFiles(root, { ignorePatterns: ['notes/final.md'], onProblem: () => undefined })) walked.push(file.path);
    const matcher = new RootIgnoreMatcher(root, { ignorePatterns: ['notes/final.md'] });
    const kept = files.map((file) => join(root, file)).filter((path) => !matcher.ignored(path, false));
    expect(kept.sort()).toEqual(walked.sort());
    expect(kept.map((path) => path.slice(root.length + 1)).sort()).toEqual(['keep.txt', 'src/a.ts', 'src/gen/keep.ts']);
    expect(matcher.ignored(join(root, 'build'), true)).toBe(true);
    expect(matcher.ignored(root, true)).toBe(false);
  });

  it.runIf(process.platform !== 'win32')('reads the .gitignore files below a root that is the file system root', () => {
    mkdirSync(join(root, 'logs'), { recursive: true });
    writeFileSync(join(root, 'logs', '.gitignore'), '*.log\n');
    const matcher = new RootIgnoreMatcher('/');
    expect(matcher.ignored(join(root, 'logs', 'today.log'), false)).toBe(true);
    expect(matcher.ignored(join(root, 'logs', 'today.txt'), false)).toBe(false);
  });
});
