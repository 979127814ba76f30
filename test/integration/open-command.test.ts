/**
 * Opening a search hit at its place through SEMANTIK_OPEN_COMMAND: a real engine indexes a file
 * whose matching chunk starts deep inside it, and `files:open` runs the configured command (a
 * script that records its arguments) with the file and that line, without a shell.
 */
import { mkdtempSync, readFileSync, rmSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/main/engine/engine';
import { forkLauncher } from '../../src/main/engine/pool/fork-launcher';
import { apiInputs } from '../../src/shared/api';
import { REPO_ROOT } from '../helpers/cli';
import { indexFolder, startTestEngine, waitFor, waitForRun, type TestEngine } from '../helpers/engine';

const RECORDER = resolve(REPO_ROOT, 'test/integration/fixtures/record-args.mjs');
const SENTENCE = 'The quartermaster catalogued eleven brass astrolabes beneath the observatory dome.';

describe('opening a hit at its line with SEMANTIK_OPEN_COMMAND', () => {
  let base: string;
  let out: string;
  let test: TestEngine;

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'semantik-open-'));
    out = join(base, 'opened.jsonl');
    test = await startTestEngine(1, {
      // Quoted: the words may hold spaces; {path} stays one argument whatever the file is called.
      SEMANTIK_OPEN_COMMAND: `"${process.execPath}" "${RECORDER}" "${out}" {path} --line={line}`,
    });
  });
  afterAll(async () => {
    await test?.close();
    rmSync(base, { recursive: true, force: true });
  });

  it('runs the command with the file and the first line of the matching chunk', async () => {
    const { engine } = test;
    const folder = join(base, 'docs');
    mkdirSync(folder);
    const filler = Array.from({ length: 120 }, (_, i) => `Paragraph ${i} about the weather, tides and supplies of the harbour.\n`).join(
      '\n',
    );
    const file = join(folder, 'log book.txt');
    writeFileSync(file, `${filler}\n${SENTENCE}\n`);
    await waitForRun(engine, await indexFolder(engine, folder));
    const hits = await engine.handlers['search:query']({ query: 'quartermaster brass astrolabes', k: 5, mode: 'hybrid' });
    const hit = hits.find((one) => one.path === file);
    expect(hit?.lineStart, 'the hit is deep in the file').toBeGreaterThan(100);

    await engine.handlers['files:open']({ path: file, line: hit!.lineStart! });
    await waitFor(() => existsSync(out) && readFileSync(out, 'utf8').trim() !== '', 'the open command to run', 20_000, 50);
    expect(JSON.parse(readFileSync(out, 'utf8').trim()) as string[]).toEqual([file, `--line=${hit!.lineStart}`]);
  });

  it('opens only files of indexed folders, validates the place, and cannot reveal without the desktop app', async () => {
    const { engine } = test;
    const before = readFileSync(out, 'utf8');
    await expect(engine.handlers['files:open']({ path: '/etc/passwd', line: 1 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(apiInputs['files:open'].safeParse({ path: '/x', line: 0 }).success).toBe(false);
    expect(apiInputs['files:open'].safeParse({ path: '/x', page: 1.5 }).success).toBe(false);
    const indexed = engine.store.folderSummaries()[0]!.path;
    await expect(engine.handlers['files:reveal']({ path: join(indexed, 'log book.txt') })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await new Promise((done) => setTimeout(done, 500));
    expect(readFileSync(out, 'utf8')).toBe(before);
  });

  it('refuses to start with a template that cannot work, naming the setting', async () => {
    await expect(
      createEngine({ launcher: forkLauncher, dataDir: join(base, 'never'), env: { ...process.env, SEMANTIK_OPEN_COMMAND: 'code --goto' } }),
    ).rejects.toThrow(/SEMANTIK_OPEN_COMMAND must contain \{path\}/);
    expect(existsSync(join(base, 'never'))).toBe(false);
  });
});
