/**
 * `semantik search` beside a running `semantik serve` (real Redis, worker processes, SQLite and
 * model), on a data folder whose path is too long for a control socket: the instance answers
 * `search:files` over Redis, the query and the files cross it sealed, and the answer is the one
 * the command computes by itself once the instance is gone. (control-socket.test.ts shows the
 * socket's way.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listenToControlWire } from '../helpers/control-wire';
import { startServe } from '../e2e/helpers/serve';
import { parseJsonOutput, runCli } from '../helpers/cli';
import { makeCorpus } from '../helpers/corpus';

interface Hit {
  path: string;
  score: number;
  passages: Array<{ snippet: string; score: number; lines: [number, number] | null; page: number | null }>;
}

const PLANTED = 'A glassblower in Murano shaped ninety cobalt herons for the winter regatta.';
const QUERY = 'glassblower shaping blue herons';
const ANSWERED = 'semantik: answered by the running instance';

const base = mkdtempSync(join(tmpdir(), 'semantik-cli-search-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** Longer than any OS takes for a socket path (104 to 108 bytes): commands reach the instance through Redis. */
const dataDir = join(base, 'a-data-folder-whose-path-is-longer-than-a-unix-socket-path-may-be-so-commands-use-redis');

describe('semantik search with a running instance', () => {
  it('is answered by the instance, sealed on the wire, with the hits the command finds by itself', async () => {
    expect(Buffer.byteLength(join(dataDir, 'control.sock'))).toBeGreaterThan(108);
    const env = { SEMANTIK_DATA_DIR: dataDir, SEMANTIK_CLI_TRACE: '1' };
    const corpus = makeCorpus(join(base, 'corpus'), 60, { 23: PLANTED });
    const app = await startServe({ dataDir, workers: 1 });
    let stopped = false;
    try {
      const indexed = await runCli(['index', corpus.root, '--json'], env);
      expect(indexed.code, indexed.stderr).toBe(0);

      // Everything published on the control channels while the instance answers.
      const listening = await listenToControlWire(dataDir);
      const published = listening.published;

      const fromInstance = await runCli(['search', QUERY, '-k', '5', '--json'], env, 60_000);
      // Status names the folders: it crosses Redis sealed too.
      const status = await runCli(['status', '--json'], env, 60_000);
      await listening.close();
      expect(status.code, status.stderr).toBe(0);
      expect(status.stderr).toContain('semantik: status:read went over Redis');
      expect(parseJsonOutput<{ folders: Array<{ path: string }> }>(status).folders.map((folder) => folder.path)).toEqual([corpus.root]);
      expect(fromInstance.code, fromInstance.stderr).toBe(0);
      expect(fromInstance.stderr).toContain(ANSWERED);
      expect(fromInstance.stderr).toContain('semantik: search:files went over Redis');
      const instanceHits = parseJsonOutput<Hit[]>(fromInstance);
      expect(instanceHits[0]?.path).toBe(corpus.files[23]);
      expect(instanceHits[0]?.passages[0]?.snippet).toContain('glassblower');
      expect(new Set(instanceHits.map((hit) => hit.path)).size).toBe(instanceHits.length);

      // The requests and the replies went through Redis, and neither the query nor a path was readable there.
      expect(published.length).toBeGreaterThanOrEqual(4);
      const wire = published.join('\n');
      expect(wire).toContain('search:files');
      expect(wire).toContain('status:read');
      expect(wire).toContain('sealed:');
      expect(wire).not.toContain('glassblower');
      expect(wire).not.toContain(corpus.root);

      await app.stop({ keepData: true });
      stopped = true;
      const local = await runCli(['search', QUERY, '-k', '5', '--json'], env, 60_000);
      expect(local.code, local.stderr).toBe(0);
      expect(local.stderr).not.toContain(ANSWERED);
      expect(parseJsonOutput<Hit[]>(local)).toEqual(instanceHits);
    } finally {
      if (!stopped) await app.stop({ keepData: true });
    }
  }, 300_000);

  it('searches the store itself when the folder has no running instance, with the same filters', async () => {
    const result = await runCli(
      ['search', QUERY, '--type', 'txt', '-k', '3', '--json'],
      { SEMANTIK_DATA_DIR: dataDir, SEMANTIK_CLI_TRACE: '1' },
      60_000,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain(ANSWERED);
    const hits = parseJsonOutput<Hit[]>(result);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((hit) => hit.path.endsWith('.txt'))).toBe(true);
  }, 120_000);
});
