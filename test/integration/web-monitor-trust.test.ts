/**
 * The web monitor as a remote door, against the real app (`semantik serve`, real engine, real HTTP
 * and WebSocket): wrong passwords are throttled per client (429 with Retry-After) and logged with
 * the client's address; the Host header is checked on every request; folders added from the web
 * stay inside SEMANTIK_WEB_ROOTS, and the system and data folders are refused there and from the
 * CLI; desktop-only settings are refused from the web.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { runCli } from '../helpers/cli';
import { startServe, type ServedApp } from '../e2e/helpers/serve';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A GET from a chosen local address (127.0.0.2 is another client than 127.0.0.1 to the server). */
function get(port: number, path: string, headers: Record<string, string>, localAddress = '127.0.0.1'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers, localAddress, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** Opens the API socket with Basic credentials; rejects with the handshake's status and Retry-After. */
function openSocket(port: number, authorization: string, localAddress = '127.0.0.1'): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, {
      headers: { Origin: `http://127.0.0.1:${port}`, Authorization: authorization },
      localAddress,
    });
    ws.on('open', () => resolve(ws));
    ws.on('unexpected-response', (_req, res) =>
      reject(new Error(`handshake refused: ${res.statusCode} retry-after=${res.headers['retry-after']}`)),
    );
    ws.on('error', reject);
  });
}

/** One call over an open socket. */
function call(
  ws: WebSocket,
  id: number,
  name: string,
  input: unknown,
): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer): void => {
      const message = JSON.parse(data.toString()) as { id?: number; reply?: { ok: boolean } };
      if (message.id !== id) return;
      ws.off('message', onMessage);
      resolve(message.reply as never);
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ id, call: name, input }));
  });
}

describe('the web monitor as a remote door', () => {
  let base: string;
  let allowed: string;
  let outside: string;
  let app: ServedApp;
  let right: string;

  beforeAll(async () => {
    base = realpathSync(mkdtempSync(join(tmpdir(), 'semantik-web-trust-')));
    allowed = join(base, 'allowed');
    outside = join(base, 'outside');
    mkdirSync(join(allowed, 'notes'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(allowed, 'notes', 'a.txt'), 'Notes the web monitor may index.\n');
    writeFileSync(join(outside, 'b.txt'), 'Notes only the desktop may index.\n');
    symlinkSync(outside, join(allowed, 'door'));
    // JSON log lines, read back below.
    app = await startServe({ env: { SEMANTIK_WEB_ROOTS: allowed, SEMANTIK_WATCH: '0', SEMANTIK_LOG_FORMAT: 'json' } });
    right = basic(app.credentials.username, app.credentials.password);
  });

  afterAll(async () => {
    await app?.stop();
    if (base) rmSync(base, { recursive: true, force: true });
  });

  it('refuses a request whose Host is not this monitor, reads included', async () => {
    const host = { Host: `127.0.0.1:${app.port}` };
    expect((await get(app.port, '/api/info', { ...host, Authorization: right })).status).toBe(200);
    for (const path of ['/api/info', '/', '/metrics', '/healthcheck']) {
      const rebound = await get(app.port, path, { Host: `evil.example:${app.port}`, Authorization: right });
      expect(rebound.status, path).toBe(403);
      expect(rebound.body, path).toMatch(/Host evil\.example:\d+ is not this monitor/);
    }
  });

  it('answers 429 with Retry-After before the 60th wrong password, logs each failure with the address, and lets the right one in after the wait', async () => {
    const wrongPassword = 'not-the-password-0123';
    const wrong = basic(app.credentials.username, wrongPassword);
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let attempt = 0; attempt < 60; attempt++) {
      const res = await get(app.port, '/api/info', { Authorization: wrong }, '127.0.0.2');
      statuses.push(res.status);
      if (res.status === 429) retryAfter ??= String(res.headers['retry-after']);
    }
    const first429 = statuses.indexOf(429);
    expect(first429, statuses.join(' ')).toBeGreaterThan(0);
    expect(first429).toBeLessThan(59);
    expect(statuses.slice(0, first429).every((status) => status === 401)).toBe(true);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);

    // Wrong again after each wait, until the wait is a few seconds: the checks below then fall
    // inside it however slow this machine is (1 s may pass between two requests under load).
    let longWaitS = 0;
    for (let round = 0; round < 20 && longWaitS < 4; round++) {
      const res = await get(app.port, '/api/info', { Authorization: wrong }, '127.0.0.2');
      statuses.push(res.status);
      const waitS = res.status === 429 ? Number(res.headers['retry-after']) : 0;
      if (waitS >= 4) longWaitS = waitS;
      else if (waitS > 0) await new Promise((done) => setTimeout(done, waitS * 1000 + 50));
    }
    expect(longWaitS, 'the wait doubles after each further failure').toBeGreaterThanOrEqual(4);

    // Held back: the right password from the same client is not even checked, over HTTP or WebSocket.
    const held = await get(app.port, '/api/info', { Authorization: right }, '127.0.0.2');
    expect(held.status).toBe(429);
    expect(JSON.parse(held.body)).toMatchObject({ error: { code: 'TOO_MANY_REQUESTS' } });
    await expect(openSocket(app.port, right, '127.0.0.2')).rejects.toThrow(/429 retry-after=\d+/);
    // Another client is not.
    expect((await get(app.port, '/api/info', { Authorization: right }, '127.0.0.1')).status).toBe(200);

    // After the wait it announces, the right password works again.
    const waitS = Number(held.headers['retry-after']);
    expect(waitS).toBeGreaterThanOrEqual(1);
    await new Promise((done) => setTimeout(done, waitS * 1000 + 100));
    const after = await get(app.port, '/api/info', { Authorization: right }, '127.0.0.2');
    expect(after.status).toBe(200);

    const failures = app
      .logs()
      .split('\n')
      .filter((line) => line.includes('failed login to the web monitor'));
    const wrongAnswered = statuses.filter((status) => status === 401).length;
    expect(failures).toHaveLength(wrongAnswered);
    for (const line of failures) expect(JSON.parse(line)).toMatchObject({ client: '127.0.0.2', url: '/api/info' });
    expect(app.logs()).not.toContain(wrongPassword);
    expect(app.logs()).not.toContain(Buffer.from(`${app.credentials.username}:${wrongPassword}`).toString('base64'));
  });

  it('adds folders inside SEMANTIK_WEB_ROOTS only, and never the system or data folders', async () => {
    const ws = await openSocket(app.port, right);
    try {
      let id = 0;
      for (const path of [
        '/',
        '/proc',
        '/etc',
        app.dataDir,
        join(app.dataDir, 'redis'),
        outside,
        join(allowed, 'door'),
        join(allowed, '..', 'outside'),
      ]) {
        const reply = await call(ws, ++id, 'index:addFolder', { path });
        expect(reply, path).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      }
      const missing = await call(ws, ++id, 'index:addFolder', { path: join(allowed, 'missing') });
      expect(missing).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringContaining('No such folder') } });
      const added = await call(ws, ++id, 'index:addFolder', { path: join(allowed, 'notes') });
      expect(added).toMatchObject({ ok: true, value: { path: join(allowed, 'notes') } });
      const folders = (await call(ws, ++id, 'monitor:snapshot', {})) as { value: { folders: Array<{ path: string }> } };
      expect(folders.value.folders.map((folder) => folder.path)).toEqual([join(allowed, 'notes')]);
    } finally {
      ws.close();
    }
  });

  it('refuses the hidden-files and hub settings from the web, whatever the value', async () => {
    const ws = await openSocket(app.port, right);
    try {
      const hidden = await call(ws, 1, 'settings:set', { name: 'SEMANTIK_INCLUDE_HIDDEN', value: 'on' });
      expect(hidden).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('desktop app') } });
      const hub = await call(ws, 2, 'settings:set', { name: 'SEMANTIK_HF_ENDPOINT', value: 'https://mirror.example' });
      expect(hub).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      const other = await call(ws, 3, 'settings:set', { name: 'SEMANTIK_MAX_FILE_SIZE', value: '10mb' });
      expect(other).toMatchObject({ ok: true });
    } finally {
      ws.close();
    }
  });

  it('lets the CLI add a folder outside the web roots, but not /proc or the data folder', async () => {
    const env = { SEMANTIK_WEB_ROOTS: '' };
    const proc = await runCli(['index', '/proc/self', '--data-dir', app.dataDir], env);
    expect(proc.code).not.toBe(0);
    expect(proc.stderr).toMatch(/inside \/proc, a folder of the system that is never indexed/);
    const data = await runCli(['index', app.dataDir, '--data-dir', app.dataDir], env);
    expect(data.code).not.toBe(0);
    expect(data.stderr).toMatch(/the app's data folder/);
    const ordinary = await runCli(['index', outside, '--data-dir', app.dataDir, '--json'], env);
    expect(ordinary.code, ordinary.stderr.slice(-2000)).toBe(0);
    expect(JSON.parse(ordinary.stdout)).toMatchObject({ indexed: 1, failed: 0 });
  });
});
