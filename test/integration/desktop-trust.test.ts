/**
 * What the desktop side enforces, against a real engine: the data folder is made 0700 and the
 * database files 0600 at start (also over looser modes left from before); the window's path adds
 * any ordinary folder but never a system folder or the data folder; the model hub is https only.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/main/engine/engine';
import { forkLauncher } from '../../src/main/engine/pool/fork-launcher';
import type { ApiCall, ApiInput, ApiReply } from '../../src/shared/api';
import { dispatchCall } from '../../src/main/web/dispatch';
import { startTestEngine, waitForRun, type TestEngine } from '../helpers/engine';

const mode = (path: string): string => (statSync(path).mode & 0o777).toString(8);

describe('the desktop side of the trust boundary (real engine)', () => {
  let base: string;
  let dataDir: string;
  let test: TestEngine | null = null;

  /** A call as the desktop window makes it (IPC bridge: mode electron). */
  const fromWindow = <C extends ApiCall>(call: C, input: ApiInput<C>): Promise<ApiReply> =>
    dispatchCall(test!.engine.handlers, call, input, { mode: 'electron', readOnly: false, includeStack: true });

  beforeAll(() => {
    base = realpathSync(mkdtempSync(join(tmpdir(), 'semantik-desktop-trust-')));
    dataDir = join(base, 'data');
  });
  afterAll(async () => {
    await test?.close();
    rmSync(base, { recursive: true, force: true });
  });

  it('makes the data folder 0700 and the database files 0600 at start, even when they were 0755 and 0644', async () => {
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    const first = await startTestEngine(1, {}, dataDir);
    await first.close();
    const db = join(dataDir, 'semantik.db');
    chmodSync(dataDir, 0o755);
    for (const file of [db, `${db}-wal`, `${db}-shm`]) if (existsSync(file)) chmodSync(file, 0o644);
    expect(mode(dataDir)).toBe('755');
    expect(mode(db)).toBe('644');

    test = await startTestEngine(1, {}, dataDir);
    expect(mode(dataDir)).toBe('700');
    // In WAL mode the -wal and -shm files exist while the store is open.
    for (const file of [db, `${db}-wal`, `${db}-shm`]) expect(mode(file), file).toBe('600');
  });

  it('adds any ordinary folder from the window, never a system folder or the data folder', async () => {
    const folder = join(base, 'anywhere');
    mkdirSync(folder);
    writeFileSync(join(folder, 'note.txt'), 'A note the desktop may index from any folder.\n');
    const added = await fromWindow('index:addFolder', { path: folder });
    expect(added).toMatchObject({ ok: true, value: { path: folder } });

    mkdirSync(join(dataDir, 'inside'), { recursive: true });
    for (const path of ['/proc', '/proc/self', '/sys', '/dev', dataDir, join(dataDir, 'inside'), join(folder, '..', 'data')]) {
      const reply = await fromWindow('index:addFolder', { path });
      expect(reply, path).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    const { engine } = test!;
    expect(engine.store.folderSummaries().map((one) => one.path)).toEqual([folder]);
    // The folder is indexed like any other.
    const run = engine.store.folderSummaries()[0]?.run;
    expect(run).toBeTruthy();
    await waitForRun(engine, run!.runId);
    expect(engine.store.folderSummaries()[0]).toMatchObject({ files: 1, failed: 0 });
  });

  it('takes the model hub over https only, from the window and at start', async () => {
    const plain = await fromWindow('settings:set', { name: 'SEMANTIK_HF_ENDPOINT', value: 'http://mirror.example' });
    expect(plain).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/must be an https URL/) } });
    const secure = await fromWindow('settings:set', { name: 'SEMANTIK_HF_ENDPOINT', value: 'https://mirror.example' });
    expect(secure).toMatchObject({ ok: true, value: { name: 'SEMANTIK_HF_ENDPOINT', fileValue: 'https://mirror.example' } });
    await expect(
      createEngine({
        launcher: forkLauncher,
        dataDir: join(base, 'never'),
        env: { ...process.env, SEMANTIK_HF_ENDPOINT: 'http://mirror.example' },
      }),
    ).rejects.toThrow(/SEMANTIK_HF_ENDPOINT: "http:\/\/mirror\.example" must be an https URL/);
    expect(existsSync(join(base, 'never'))).toBe(false);
  });
});
