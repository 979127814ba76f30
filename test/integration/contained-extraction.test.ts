/**
 * Zip bombs, a named pipe and links out of the folder, through the real CLI (real supervisor,
 * worker process and redis-server) with SEMANTIK_EXTRACT_MEMORY=256mb: each bad entry gets its
 * reason, the good files are indexed, and no process of the app passes 1 GB of resident memory.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJsonOutput, runCli } from '../helpers/cli';
import { watchProcessTree } from '../helpers/process-memory';
import { buildDocx, wordDocumentXml } from '../helpers/zip-builder';
import { EXIT } from '../../src/main/cli/exit-codes';

interface Summary {
  indexed: number;
  failed: number;
  failures: Array<{ path: string; reason: string }>;
  unsupportedFiles: Array<{ path: string; reason: string }>;
}

const MIB = 1024 * 1024;
const GB = 1024 ** 3;

function byName(list: Array<{ path: string; reason: string }>): Record<string, string> {
  return Object.fromEntries(list.map((entry) => [entry.path.split('/').pop(), entry.reason]));
}

describe.skipIf(process.platform !== 'linux')('contained extraction and links (CLI, real engine)', () => {
  let base: string;
  let folder: string;

  beforeAll(() => {
    base = realpathSync(mkdtempSync(join(tmpdir(), 'semantik-contained-')));
    folder = join(base, 'folder');
    mkdirSync(folder);
    mkdirSync(join(base, 'sibling'));
    writeFileSync(join(base, 'sibling', 'sibling.txt'), 'The sibling folder keeps the harbour tide tables.\n');
    writeFileSync(join(folder, 'good.txt'), 'A perfectly ordinary note about growing tomatoes in the garden.\n');
    writeFileSync(join(folder, 'good.md'), '# Bees\n\nThe hive swarmed twice in May.\n');
    writeFileSync(join(folder, 'good.docx'), buildDocx([], 'The lighthouse keeper counted seventeen albatrosses.'));
    // 40 MB of spaces deflate to about 40 KB: a thousandfold.
    writeFileSync(join(folder, 'bomb.docx'), buildDocx([{ name: 'word/document.xml', data: wordDocumentXml('boom', 40 * MIB) }]));
    // 200 entries of 900 KB of zeros: each under the size the ratio is checked from, 180 MB in all.
    const zeros = new Uint8Array(900 * 1024);
    writeFileSync(
      join(folder, 'many.docx'),
      buildDocx(Array.from({ length: 200 }, (_, i) => ({ name: `word/media/blank${i}.bin`, data: zeros }))),
    );
    // 200 MB that the central directory says are 2,000 bytes: no check on the directory can see it.
    writeFileSync(
      join(folder, 'lying.docx'),
      buildDocx([{ name: 'word/document.xml', data: wordDocumentXml('boom', 200 * MIB), declaredSize: 2_000 }]),
    );
    execFileSync('mkfifo', [join(folder, 'pipe.txt')]);
    symlinkSync('..', join(folder, 'up'));
    symlinkSync('../sibling', join(folder, 'sibling'));
  }, 120_000);
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('fails the bombs with their reasons, skips the pipe and the links, indexes the rest, and stays under 1 GB', async () => {
    const memory = watchProcessTree();
    const env = { SEMANTIK_DATA_DIR: join(base, 'data'), SEMANTIK_WORKERS: '1', SEMANTIK_EXTRACT_MEMORY: '256mb', SEMANTIK_WATCH: '0' };
    const result = await runCli(['index', folder, '--json'], env, 170_000, (pid) => memory.start(pid));
    const peaks = memory.stop();
    // Done, with failed files (the bombs): exit code 1.
    expect(result.code, result.stderr).toBe(EXIT.FAILED);
    const summary = parseJsonOutput<Summary>(result);

    const failures = byName(summary.failures);
    expect(failures['bomb.docx']).toMatch(/^Word document refused: word\/document\.xml would inflate \d+ times .*\(a zip bomb\?\)$/);
    expect(failures['many.docx']).toMatch(
      /^Word document refused: its content would inflate to 175\.8 MB \(limit 128\.0 MB, half of SEMANTIK_EXTRACT_MEMORY\)/,
    );
    expect(failures['lying.docx']).toBe(
      'Word document refused: word/document.xml inflates past the 2000 bytes its directory declares (a zip bomb?)',
    );
    expect(Object.keys(failures).sort()).toEqual(['bomb.docx', 'lying.docx', 'many.docx']);

    const skipped = byName(summary.unsupportedFiles);
    expect(skipped['pipe.txt']).toBe('skipped: a named pipe (FIFO), not a regular file');
    expect(skipped['up']).toBe(`skipped: symbolic link to an ancestor folder (${base}): never followed, it would loop`);
    expect(skipped['sibling']).toBe(
      `skipped: symbolic link out of the indexed folder (to ${join(base, 'sibling')}): not followed (SEMANTIK_FOLLOW_SYMLINKS=all follows it)`,
    );
    expect(summary.indexed).toBe(3);

    // The supervisor (the CLI), its worker and redis-server, each at its peak.
    expect(peaks.length).toBeGreaterThanOrEqual(3);
    expect(peaks.some((p) => p.command.includes('redis-server'))).toBe(true);
    for (const peak of peaks)
      expect(peak.peakBytes, `${peak.command} (pid ${peak.pid}) peaked at ${Math.round(peak.peakBytes / MIB)} MB`).toBeLessThan(GB);
  }, 180_000);

  it('with SEMANTIK_FOLLOW_SYMLINKS=all follows the sibling link but never the link up', async () => {
    const env = { SEMANTIK_DATA_DIR: join(base, 'data-all'), SEMANTIK_WORKERS: '1', SEMANTIK_FOLLOW_SYMLINKS: 'all', SEMANTIK_WATCH: '0' };
    const result = await runCli(['index', folder, '--json'], env);
    expect(result.code, result.stderr).toBe(EXIT.FAILED);
    const summary = parseJsonOutput<Summary>(result);
    const skipped = byName(summary.unsupportedFiles);
    expect(skipped['up']).toMatch(/ancestor folder .*never followed/);
    expect(skipped['sibling']).toBeUndefined();
    expect(summary.indexed).toBe(4);
    const search = await runCli(['search', 'harbour tide tables', '--json'], env);
    const hits = JSON.parse(search.stdout) as Array<{ path: string }>;
    expect(hits.map((hit) => hit.path)).toContain(join(folder, 'sibling', 'sibling.txt'));
  }, 180_000);
});
