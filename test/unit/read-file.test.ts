import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readStable } from '../../src/workers/extract/read-file';

const dir = mkdtempSync(join(tmpdir(), 'semantik-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readStable', () => {
  it('returns the bytes with the size and mtime of what it read', async () => {
    const path = join(dir, 'a.txt');
    writeFileSync(path, 'hello there');
    const info = statSync(path);
    expect(await readStable(path, 1024)).toEqual({ kind: 'read', bytes: Buffer.from('hello there'), size: 11, mtimeMs: info.mtimeMs });
  });

  it('says a file vanished rather than failing it', async () => {
    expect(await readStable(join(dir, 'gone.txt'), 1024)).toEqual({ kind: 'vanished' });
    expect(await readStable(join(dir, 'gone-dir', 'x.txt'), 1024)).toEqual({ kind: 'vanished' });
  });

  it('refuses a file over the size limit without reading it, and a folder', async () => {
    const path = join(dir, 'big.txt');
    writeFileSync(path, Buffer.alloc(3 * 1024 * 1024, 'a'));
    await expect(readStable(path, 1024 * 1024)).rejects.toThrow(/file too large: 3.0 MB \(limit 1 MB, SEMANTIK_MAX_FILE_SIZE\)/);
    await expect(readStable(dir, 1024)).rejects.toThrow(/no longer a regular file|EISDIR/);
  });

  it.skipIf(process.platform === 'win32')('refuses a named pipe without opening it (opening one would wait for a writer)', async () => {
    const fifo = join(dir, 'pipe.txt');
    execFileSync('mkfifo', [fifo]);
    await expect(readStable(fifo, 1024)).rejects.toThrow('no longer a regular file (a named pipe (FIFO)): not read');
  });
});
