/**
 * The control socket of a running `semantik serve` (real engine, Redis, worker process, SQLite):
 * `status`, `gpus`, `workers` and `search` are answered through it with nothing on Redis's control
 * channels; it is the user's own file; it refuses what is not signed with the data folder's key or
 * was already run; a socket left by a killed instance does not pass for a running one, and the next
 * instance listens on it again.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readControlKey } from '../../src/main/cli/control-key';
import { controlSocketPath, replySigned, signRequest, type ControlReply, type ControlRequest } from '../../src/node/control-protocol';
import { EXIT } from '../../src/main/cli/exit-codes';
import { listenToControlWire } from '../helpers/control-wire';
import { startServe } from '../e2e/helpers/serve';
import { parseJsonOutput, runCli } from '../helpers/cli';
import { makeCorpus } from '../helpers/corpus';
import { waitFor } from '../helpers/engine';

const base = mkdtempSync(join(tmpdir(), 'semantik-control-socket-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** Sends one line on the socket; resolves with the reply line, or null when the engine closes without one. */
function exchange(path: string, line: string): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(text.length > 0 ? text.trimEnd() : null));
    socket.write(`${line}\n`);
  });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('the control socket', () => {
  it('answers the read-only commands with nothing on Redis, and refuses what it must', async () => {
    const dataDir = join(base, 'data');
    const env = { SEMANTIK_DATA_DIR: dataDir, SEMANTIK_CLI_TRACE: '1' };
    const corpus = makeCorpus(join(base, 'corpus'), 12, { 5: 'A lighthouse keeper logs the tides of the northern harbour.' });
    let app = await startServe({ dataDir, workers: 1 });
    try {
      const path = controlSocketPath(dataDir, readControlKey(dataDir));
      if (path === null) throw new Error('the test data folder is too long for a socket');
      expect(statSync(path).isSocket()).toBe(true);
      expect(statSync(path).mode & 0o777).toBe(0o600);
      const indexed = await runCli(['index', corpus.root, '--json'], env);
      expect(indexed.code, indexed.stderr).toBe(0);

      const wire = await listenToControlWire(dataDir);
      const published = wire.published;

      const status = await runCli(['status', '--json'], env);
      expect(status.code, status.stderr).toBe(0);
      expect(status.stderr).toContain('semantik: status:read went over the control socket');
      const read = parseJsonOutput<{
        running: boolean;
        workers: unknown[];
        queues: unknown[];
        folders: Array<{ path: string; indexed: number }>;
      }>(status);
      expect(read.running).toBe(true);
      expect(read.workers).toHaveLength(1);
      expect(read.queues).toHaveLength(5);
      expect(read.folders.map((folder) => [folder.path, folder.indexed])).toEqual([[corpus.root, 12]]);

      const gpus = await runCli(['gpus', '--json'], env);
      expect(gpus.code, gpus.stderr).toBe(0);
      expect(gpus.stderr).toContain('semantik: gpus:status went over the control socket');
      expect(parseJsonOutput<{ gpus: unknown[] }>(gpus).gpus).toEqual([]);

      const workers = await runCli(['workers', '--json'], env);
      expect(workers.code, workers.stderr).toBe(0);
      expect(workers.stderr).toContain('semantik: workers:list went over the control socket');
      expect(parseJsonOutput<Array<{ state: string }>>(workers)).toHaveLength(1);

      const search = await runCli(['search', 'lighthouse keeper tides', '-k', '3', '--json'], env, 60_000);
      expect(search.code, search.stderr).toBe(0);
      expect(search.stderr).toContain('semantik: search:files went over the control socket');
      expect(parseJsonOutput<Array<{ path: string }>>(search)[0]?.path).toBe(corpus.files[5]);

      await wire.close();
      expect(published).toEqual([]);

      // Signed with another key: refused, and said so in a reply signed with the right one.
      const key = readControlKey(dataDir);
      const request = (signer: string): ControlRequest =>
        signRequest(signer, { id: randomUUID(), call: 'workers:list', input: {}, at: Date.now() });
      const reply = async (line: string): Promise<ControlReply> => JSON.parse((await exchange(path, line)) ?? 'null') as ControlReply;
      const forged = await reply(JSON.stringify(request('not-the-key')));
      expect(forged.ok).toBe(false);
      expect(forged.error?.message).toMatch(/not signed with this instance’s control key/);
      expect(replySigned(key, forged)).toBe(true);
      // Signed with the key: runs once; the same request again is refused.
      const signed = JSON.stringify(request(key));
      const first = await reply(signed);
      expect(first.ok).toBe(true);
      expect(replySigned(key, first)).toBe(true);
      const replayed = await reply(signed);
      expect(replayed.ok).toBe(false);
      expect(replayed.error?.message).toMatch(/was already run/);
      // Not a request at all: no answer.
      expect(await exchange(path, '{"call":"workers:scale"')).toBeNull();

      // Killed outright: its socket file stays, and does not pass for a running instance.
      process.kill(-app.pid, 'SIGKILL');
      await waitFor(async () => !processAlive(app.pid), 'the killed serve to be gone', 20_000);
      expect(statSync(path).isSocket()).toBe(true);
      const afterKill = await runCli(['status', '--json'], env);
      expect(afterKill.code, afterKill.stderr).toBe(EXIT.NO_INSTANCE);
      expect(parseJsonOutput<{ running: boolean }>(afterKill).running).toBe(false);

      // The next instance on the folder listens on it again.
      app = await startServe({ dataDir, workers: 1 });
      const again = await runCli(['status', '--json'], env);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr).toContain('went over the control socket');
    } finally {
      await app.stop({ keepData: true });
    }
    // A stopped instance takes its socket with it.
    const path = controlSocketPath(dataDir, readControlKey(dataDir));
    expect(path).not.toBeNull();
    expect(() => statSync(path!)).toThrow();
  }, 300_000);
});
