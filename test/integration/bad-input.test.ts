/**
 * Bad input through the real CLI: a binary file, a file over the size limit and a file whose name
 * is not UTF-8 each get a clear per-file reason; the good file is indexed; the store stays
 * consistent; a second run retries the failures and changes nothing else.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/node/store/open-store';
import { parseJsonOutput, runCli } from '../helpers/cli';
import { EXIT } from '../../src/main/cli/exit-codes';

interface Summary {
  files: number;
  indexed: number;
  unsupported: number;
  failed: number;
  failures: Array<{ path: string; reason: string }>;
  unsupportedFiles: Array<{ path: string; reason: string }>;
}

describe('bad input (CLI, real engine)', () => {
  let base: string;
  let folder: string;
  let env: Record<string, string>;

  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'semantik-bad-'));
    folder = join(base, 'folder');
    mkdirSync(folder);
    writeFileSync(join(folder, 'good.txt'), 'A perfectly ordinary note about growing tomatoes in the garden.\n');
    writeFileSync(join(folder, 'binary.bin'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    writeFileSync(join(folder, 'huge.txt'), 'word '.repeat(300_000));
    // 0xe9 alone is Latin-1 "é": not valid UTF-8.
    writeFileSync(Buffer.concat([Buffer.from(`${folder}/caf`), Buffer.from([0xe9]), Buffer.from('.txt')]), 'A note with a Latin-1 name.\n');
    env = { SEMANTIK_DATA_DIR: join(base, 'data'), SEMANTIK_WORKERS: '1', SEMANTIK_MAX_FILE_SIZE: '1mb' };
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('names each bad file with its reason and indexes the rest', async () => {
    const result = await runCli(['index', folder, '--json'], env);
    // Done, with failed files: exit 1.
    expect(result.code, result.stderr).toBe(EXIT.FAILED);
    const summary = parseJsonOutput<Summary>(result);
    expect(summary.files).toBe(4);
    expect(summary.indexed).toBe(1);
    expect(summary.unsupported).toBe(1);
    expect(summary.failed).toBe(2);
    const reasons = Object.fromEntries(summary.failures.map((failure) => [failure.path.split('/').pop(), failure.reason]));
    expect(reasons['huge.txt']).toMatch(/too large.*SEMANTIK_MAX_FILE_SIZE/);
    expect(Object.entries(reasons).find(([name]) => name?.startsWith('caf'))?.[1]).toMatch(/not valid UTF-8/);
    expect(summary.unsupportedFiles).toEqual([{ path: join(folder, 'binary.bin'), reason: expect.stringMatching(/unsupported format/) }]);

    const again = parseJsonOutput<Summary>(await runCli(['index', folder, '--json'], env));
    expect(again.failed).toBe(2);
    expect(again.indexed).toBe(0);

    const store = openStore(join(base, 'data', 'semantik.db'), { readonly: true });
    try {
      expect(store.duplicateChunkCount()).toBe(0);
      expect(store.orphanVectorCount()).toBe(0);
      expect(store.counts().documents).toBe(4);
    } finally {
      store.close();
    }
  });
});
