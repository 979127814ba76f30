/**
 * The first minute: `npm start` on a machine without Electron or a display starts the headless
 * monitor and shows a few plain lines before the monitor's address and where its credentials are:
 * no JSON log lines, no stack traces, no build output. The address answers 401 without the
 * credentials and 200 with the printed ones; Ctrl-C (SIGINT to the foreground process group)
 * stops every process without an error line, and so does a closed terminal (SIGHUP).
 *
 * The app is already built by `npm test` before this tier, and rebuilding it here would rewrite
 * the files other tests run from: the build step is skipped (SEMANTIK_SKIP_BUILD=1), which leaves
 * out its one line ("building the app…"); the line budget below counts it in.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli';
import { waitFor } from '../helpers/engine';
import { processGroup } from '../helpers/processes';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
/** Lines a person reads before the address: npm's two-line banner, ours, the engine's summary. */
const MAX_LINES_BEFORE_ADDRESS = 6;

/** Waits until no process of the group runs; the error names those that still do, and what was printed. */
async function allEnded(group: number, lines: readonly string[]): Promise<void> {
  await waitFor(() => processGroup(group).length === 0, 'every process of npm start to end', 30_000).catch((error: Error) => {
    throw new Error(`${error.message}; still running: ${JSON.stringify(processGroup(group))}; printed:\n${lines.join('\n')}`);
  });
}

describe('npm start on a machine without Electron or a display', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'semantik-npm-start-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const startAndStop = async (signal: 'SIGINT' | 'SIGHUP', checkLines: boolean): Promise<void> => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      SEMANTIK_DATA_DIR: join(dataDir, signal),
      SEMANTIK_HEADLESS: '1',
      SEMANTIK_SKIP_BUILD: '1',
      // What a terminal shows (logs are JSON when piped, as here).
      SEMANTIK_LOG_FORMAT: 'pretty',
    };
    for (const name of Object.keys(env)) if (name.startsWith('VITEST') || name === 'NODE_ENV') delete env[name];
    const child = spawn('npm', ['start', '--', '--port', '0'], { cwd: REPO_ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let partial = '';
    const take = (chunk: Buffer): void => {
      const text = partial + chunk.toString('utf8').replace(ANSI, '');
      const parts = text.split('\n');
      partial = parts.pop() ?? '';
      lines.push(...parts);
    };
    child.stdout!.on('data', take);
    child.stderr!.on('data', take);
    const exited = new Promise<string>((done) => child.once('exit', (code, signal) => done(signal ?? `exit ${code}`)));
    try {
      await waitFor(() => lines.some((line) => line.startsWith('Generated monitor credentials')), 'the credentials line', 120_000);
      const address = lines.findIndex((line) => line.startsWith('Semantik monitor listening on '));
      expect(address, lines.join('\n')).toBeGreaterThan(0);
      if (!checkLines) {
        process.kill(-child.pid!, signal);
        await exited;
        await allEnded(child.pid!, lines);
        return;
      }
      const before = lines.slice(0, address).filter((line) => line.trim() !== '');
      process.stdout.write(`npm start: ${before.length} lines before the address:\n${before.join('\n')}\n`);
      expect(before.length, before.join('\n')).toBeLessThanOrEqual(MAX_LINES_BEFORE_ADDRESS - 1);
      for (const line of before) {
        expect(line, 'a JSON log line').not.toMatch(/^\s*\{/);
        expect(line, 'a stack trace').not.toMatch(/^\s+at /);
      }

      const url = /listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(lines[address]!)![1]!;
      const credentials = /kept in (\S+)\): user (\S+), password (\S+)$/.exec(lines.find((line) => line.startsWith('Generated'))!)!;
      expect(credentials[1]).toBe(join(dataDir, signal, 'monitor-auth'));
      expect((await fetch(url)).status).toBe(401);
      const auth = `Basic ${Buffer.from(`${credentials[2]}:${credentials[3]}`).toString('base64')}`;
      expect((await fetch(url, { headers: { Authorization: auth } })).status).toBe(200);

      const group = processGroup(child.pid!);
      expect(group.some((row) => row.command.includes('redis-server'))).toBe(true);
      process.kill(-child.pid!, signal);
      // npm ends as a Ctrl-C'd command does (by the signal, or 0 once its script has stopped).
      expect(['SIGINT', 'exit 0']).toContain(await exited);
      await allEnded(child.pid!, lines);
      const stopping = lines.slice(address);
      expect(stopping.join('\n')).not.toMatch(/ERROR|exited unexpectedly|Unhandled|^\s+at /m);
    } finally {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  };

  it('shows a few plain lines, then the address and the credentials; Ctrl-C stops it all without an error', async () => {
    await startAndStop('SIGINT', true);
  });

  it('stops every process, redis-server included, when its terminal closes (SIGHUP to the group)', async () => {
    await startAndStop('SIGHUP', false);
  });
});
