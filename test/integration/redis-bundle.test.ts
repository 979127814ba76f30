// The packaging step that bundles redis-server (scripts/fetch-redis.mjs), run against a source
// tarball served from a local HTTP server (Debian's redis source package: .ci/run fetches it into
// /var/cache/semantik-test): a wrong checksum is refused and builds nothing; the right one builds
// a server that the engine then runs.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli';
import { startTestEngine } from '../helpers/engine';

const SOURCE = process.env.SEMANTIK_TEST_REDIS_SOURCE ?? '/var/cache/semantik-test/redis-source.tar.gz';
const SCRIPT = join(REPO_ROOT, 'scripts/fetch-redis.mjs');

function runScript(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SCRIPT, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

/** Pids whose executable is `path`. */
function runningFrom(path: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        return readlinkSync(`/proc/${entry}/exe`) === path;
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('bundling redis-server for the package', () => {
  let server: Server;
  let url: string;
  let sha256: string;
  let work: string;

  beforeAll(async () => {
    if (!existsSync(SOURCE)) {
      throw new Error(
        `${SOURCE} is missing: .ci/run puts Debian's redis source tarball there (apt-get source --download-only redis), or set SEMANTIK_TEST_REDIS_SOURCE`,
      );
    }
    const tarball = readFileSync(SOURCE);
    sha256 = createHash('sha256').update(tarball).digest('hex');
    server = createServer((request, response) => {
      if (request.url !== '/redis.tar.gz') return void response.writeHead(404).end();
      response.writeHead(200, { 'content-type': 'application/gzip' }).end(tarball);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/redis.tar.gz`;
    work = mkdtempSync(join(tmpdir(), 'semantik-redis-bundle-'));
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('refuses a tarball whose checksum is not the pinned one, and builds nothing', async () => {
    const out = join(work, 'wrong');
    const result = await runScript(['--url', url, '--sha256', '0'.repeat(64), '--out', out]);
    expect(result.code).toBe(1);
    expect(result.out).toContain(`checksum mismatch for ${url}`);
    expect(result.out).toContain('refusing to build it');
    expect(existsSync(out)).toBe(false);
  });

  it('needs a checksum with every URL', async () => {
    const result = await runScript(['--url', url, '--out', join(work, 'no-sum')]);
    expect(result.code).toBe(2);
    expect(result.out).toContain('a download is always checked');
  });

  it('builds the right one into the resources folder, and the engine runs that server', async () => {
    const out = join(work, 'resources', 'redis', `${process.platform}-${process.arch}`);
    const result = await runScript(['--url', url, '--sha256', sha256, '--out', out, '--jobs', '2']);
    expect(result.code, result.out).toBe(0);
    const binary = join(out, 'redis-server');
    expect(existsSync(binary)).toBe(true);
    expect(readFileSync(join(out, 'SOURCE.txt'), 'utf8')).toContain(`sha256 ${sha256}`);
    expect(existsSync(join(out, 'COPYING'))).toBe(true);

    const running = await startTestEngine(0, { SEMANTIK_REDIS_BINARY: binary });
    try {
      expect(runningFrom(binary)).toHaveLength(1);
      expect(await running.engine.redis.ping()).toBe('PONG');
    } finally {
      await running.close();
    }
    expect(runningFrom(binary)).toEqual([]);
  }, 900_000);
});
