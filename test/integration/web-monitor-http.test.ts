// HTTP-layer test of the web monitor: real HTTP server and real WebSocket clients, with a test
// double of the engine whose handlers return fixed data (the engine itself is tested elsewhere).
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { ApiEvent, ApiEvents, ApiHandlers } from '../../src/shared/api';
import { SemantikError } from '../../src/shared/errors';
import type { Engine } from '../../src/main/engine/engine-types';
import { startWebMonitor, type WebMonitor } from '../../src/main/web/web-monitor';

const credentials = { user: 'tester', password: 'p@ss:word' };
const basic = `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}`;

/** Engine double: fixed replies, records write calls, lets the test emit events. */
function fakeEngine(dataDir: string): Engine & { calls: string[]; emit<E extends ApiEvent>(e: E, p: ApiEvents[E]): void } {
  const calls: string[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const unavailable = async (): Promise<never> => {
    throw new SemantikError('UNAVAILABLE', 'not in this double');
  };
  const handlers: ApiHandlers = {
    'app:info': async () => ({
      version: '0.0.0',
      dataDir,
      logsDir: `${dataDir}/logs`,
      mode: 'headless',
      readOnly: false,
      model: { id: 'm', name: 'm', dims: 8, description: '', builtIn: true },
    }),
    'monitor:snapshot': unavailable,
    'index:addFolder': async ({ path }) => {
      calls.push(`addFolder ${path}`);
      return {
        id: 1,
        path,
        state: 'idle',
        files: 0,
        indexed: 0,
        failed: 0,
        skipped: 0,
        pending: 0,
        chunks: 0,
        error: null,
        addedAt: 0,
        run: null,
      };
    },
    'index:removeFolder': unavailable,
    'index:reindex': unavailable,
    'index:problems': unavailable,
    'jobs:list': async (input) => ({ total: input.limit, jobs: [] }),
    'jobs:retry': unavailable,
    'workers:list': async () => [],
    'workers:scale': async ({ count }) => {
      calls.push(`scale ${count}`);
      return { target: count };
    },
    'workers:autoscale': async ({ enabled, min, max }) => ({ enabled, min: min ?? 0, max: max ?? 0, idleMs: 60_000 }),
    'gpus:list': async () => [],
    'queues:list': async () => [],
    'queue:pause': unavailable,
    'queue:resume': unavailable,
    'broker:info': async () => null,
    'search:query': unavailable,
    'search:files': unavailable,
    'documents:preview': unavailable,
    'files:open': unavailable,
    'files:reveal': unavailable,
    'tasks:list': unavailable,
    'tasks:get': unavailable,
    'tasks:retry': unavailable,
    'tasks:cancel': unavailable,
    'tasks:abort': unavailable,
    'tasks:promote': unavailable,
    'tasks:priority': unavailable,
    'tasks:bulk': unavailable,
    'queues:pause': unavailable,
    'queues:resume': unavailable,
    'workers:restart': unavailable,
    'workers:stop': unavailable,
    'schedules:list': unavailable,
    'schedules:upsert': unavailable,
    'schedules:remove': unavailable,
    'schedules:run': unavailable,
    'series:get': unavailable,
    'metrics:get': unavailable,
    'models:list': unavailable,
    'models:download': unavailable,
    'models:downloads': unavailable,
    'models:cancelDownload': unavailable,
    'models:activate': unavailable,
    'models:recommendation': unavailable,
    'settings:list': unavailable,
    'settings:set': async ({ name, value }) => {
      calls.push(`set ${name}`);
      return {
        name,
        description: '',
        value: value ?? '',
        source: 'file',
        fileValue: value,
        default: '',
        appliesAt: 'restart',
        editable: true,
        desktopOnly: false,
        choices: null,
        pendingRestart: true,
      };
    },
  };
  return {
    handlers,
    dataDir,
    calls,
    onEvent: (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
    emit: (event, payload) => listeners.get(event)?.forEach((listener) => listener(payload)),
    stop: async () => undefined,
  };
}

/** A raw GET, so that paths like `/../x` reach the server unnormalised (fetch would clean them). */
function rawGet(
  port: number,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

interface Opened {
  ws: WebSocket;
  next(): Promise<unknown>;
}

function openSocket(port: number, headers: Record<string, string>): Promise<Opened> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers });
    const queue: unknown[] = [];
    const waiters: Array<(value: unknown) => void> = [];
    ws.on('message', (data) => {
      const message: unknown = JSON.parse(data.toString());
      const waiter = waiters.shift();
      if (waiter) waiter(message);
      else queue.push(message);
    });
    ws.on('open', () =>
      resolve({ ws, next: () => (queue.length > 0 ? Promise.resolve(queue.shift()) : new Promise((r) => waiters.push(r))) }),
    );
    ws.on('unexpected-response', (_req, res) => reject(new Error(`handshake refused: ${res.statusCode}`)));
    ws.on('error', reject);
  });
}

describe('web monitor HTTP layer', () => {
  let dir: string;
  let monitor: WebMonitor;
  let readOnlyMonitor: WebMonitor;
  let engine: ReturnType<typeof fakeEngine>;
  let cookie: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'semantik-web-'));
    const staticDir = join(dir, 'static');
    mkdirSync(join(staticDir, 'assets'), { recursive: true });
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(staticDir, 'assets', 'app.js'), 'export {};');
    writeFileSync(join(dir, 'secret.txt'), 'SECRET');
    symlinkSync(join(dir, 'secret.txt'), join(staticDir, 'assets', 'link.txt'));
    engine = fakeEngine(dir);
    monitor = await startWebMonitor({ engine, host: '127.0.0.1', port: 0, credentials, readOnly: false, staticDir });
    readOnlyMonitor = await startWebMonitor({ engine, host: '127.0.0.1', port: 0, credentials, readOnly: true, staticDir });
    const login = await rawGet(monitor.port, '/', { Authorization: basic });
    cookie = String(login.headers['set-cookie']).split(';')[0] ?? '';
  });

  afterAll(async () => {
    await monitor?.close();
    await readOnlyMonitor?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers /healthcheck without credentials', async () => {
    const res = await rawGet(monitor.port, '/healthcheck');
    expect(res.status).toBe(200);
    expect(res.body).toBe('ok');
  });

  it('asks for Basic credentials and refuses wrong ones', async () => {
    const none = await rawGet(monitor.port, '/');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Basic realm=/);
    expect(none.body).not.toContain('<title>');
    const wrong = await rawGet(monitor.port, '/', { Authorization: `Basic ${Buffer.from('tester:nope').toString('base64')}` });
    expect(wrong.status).toBe(401);
    expect((await rawGet(monitor.port, '/assets/app.js')).status).toBe(401);
  });

  it('serves the page with a strict CSP, nosniff and a session cookie', async () => {
    const res = await rawGet(monitor.port, '/', { Authorization: basic });
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>app</title>');
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(String(res.headers['set-cookie'])).toMatch(new RegExp(`^semantik_session_${monitor.port}=[\\w-]+; HttpOnly; SameSite=Strict`));
    const js = await rawGet(monitor.port, '/assets/app.js', { Authorization: basic });
    expect(js.headers['content-type']).toContain('text/javascript');
  });

  it.each([
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/assets/%2e%2e%5c..%5csecret.txt',
    '/assets/link.txt',
    '/%00',
    '/nope.js',
  ])('does not serve %s', async (path) => {
    const res = await rawGet(monitor.port, path, { Authorization: basic });
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('SECRET');
  });

  it('refuses a socket without a session, with a foreign Origin, or without Origin', async () => {
    const origin = `http://127.0.0.1:${monitor.port}`;
    await expect(openSocket(monitor.port, { Origin: origin })).rejects.toThrow('401');
    await expect(openSocket(monitor.port, { Origin: 'http://evil.example', Cookie: cookie })).rejects.toThrow('403');
    await expect(openSocket(monitor.port, { Origin: `http://127.0.0.1:${monitor.port + 1}`, Cookie: cookie })).rejects.toThrow('403');
    await expect(openSocket(monitor.port, { Cookie: cookie })).rejects.toThrow('403');
    // DNS rebinding: a foreign name that resolves to 127.0.0.1 is not this monitor's address.
    const rebound = `evil.example:${monitor.port}`;
    await expect(openSocket(monitor.port, { Origin: `http://${rebound}`, Host: rebound, Cookie: cookie })).rejects.toThrow('403');
    // A session cookie of another monitor on the same host is not this one's.
    await expect(openSocket(monitor.port, { Origin: origin, Cookie: cookie.replace(/=.*/, '=forged') })).rejects.toThrow('401');
  });

  it('serves calls, validates input and pushes events on an authorised socket', async () => {
    const { ws, next } = await openSocket(monitor.port, {
      Origin: `http://localhost:${monitor.port}`,
      Cookie: cookie,
      Host: `localhost:${monitor.port}`,
    });
    try {
      ws.send(JSON.stringify({ id: 1, call: 'app:info', input: {} }));
      expect(await next()).toMatchObject({ id: 1, reply: { ok: true, value: { mode: 'web', readOnly: false } } });
      ws.send(JSON.stringify({ id: 2, call: 'jobs:list' }));
      expect(await next()).toMatchObject({ id: 2, reply: { ok: true, value: { total: 100 } } });
      ws.send(JSON.stringify({ id: 3, call: 'workers:scale', input: { count: -1, extra: true } }));
      const bad = (await next()) as { id: number; reply: { ok: false; error: { code: string; message: string; stack?: string } } };
      expect(bad.reply.error.code).toBe('BAD_INPUT');
      expect(bad.reply.error.message).toContain('count');
      expect(bad.reply.error.stack).toBeUndefined();
      expect(engine.calls).not.toContain('scale -1');
      ws.send(JSON.stringify({ id: 4, call: 'system:shutdown', input: {} }));
      expect(await next()).toMatchObject({ id: 4, reply: { ok: false, error: { code: 'BAD_INPUT' } } });
      ws.send('not json');
      expect(await next()).toMatchObject({ id: null, reply: { ok: false, error: { code: 'BAD_INPUT' } } });
      ws.send(JSON.stringify({ id: 5, call: 'workers:scale', input: { count: 3 } }));
      expect(await next()).toMatchObject({ id: 5, reply: { ok: true, value: { target: 3 } } });
      // A setting the engine runs as a command changes in the desktop app only, never from the web page.
      ws.send(JSON.stringify({ id: 6, call: 'settings:set', input: { name: 'SEMANTIK_OPEN_COMMAND', value: 'sh -c id {path}' } }));
      expect(await next()).toMatchObject({ id: 6, reply: { ok: false, error: { code: 'FORBIDDEN' } } });
      expect(engine.calls).not.toContain('set SEMANTIK_OPEN_COMMAND');
      ws.send(JSON.stringify({ id: 7, call: 'settings:set', input: { name: 'SEMANTIK_WORKERS', value: '2' } }));
      expect(await next()).toMatchObject({ id: 7, reply: { ok: true, value: { name: 'SEMANTIK_WORKERS' } } });
      engine.emit('folder:finished', { folderId: 1, path: '/x', indexed: 2, failed: 0 });
      expect(await next()).toEqual({ event: 'folder:finished', payload: { folderId: 1, path: '/x', indexed: 2, failed: 0 } });
    } finally {
      ws.close();
    }
  });

  it('accepts Basic credentials on the handshake (non-browser clients)', async () => {
    const { ws, next } = await openSocket(monitor.port, { Origin: `http://127.0.0.1:${monitor.port}`, Authorization: basic });
    ws.send(JSON.stringify({ id: 'a', call: 'broker:info' }));
    expect(await next()).toEqual({ id: 'a', reply: { ok: true, value: null } });
    ws.close();
  });

  it('refuses write calls in read-only mode and still answers reads', async () => {
    const port = readOnlyMonitor.port;
    const { ws, next } = await openSocket(port, { Origin: `http://127.0.0.1:${port}`, Authorization: basic });
    try {
      ws.send(JSON.stringify({ id: 1, call: 'index:addFolder', input: { path: '/tmp' } }));
      expect(await next()).toMatchObject({ id: 1, reply: { ok: false, error: { code: 'FORBIDDEN' } } });
      expect(engine.calls).not.toContain('addFolder /tmp');
      ws.send(JSON.stringify({ id: 2, call: 'app:info' }));
      expect(await next()).toMatchObject({ id: 2, reply: { ok: true, value: { readOnly: true } } });
      ws.send(JSON.stringify({ id: 3, call: 'settings:set', input: { name: 'SEMANTIK_CONCURRENCY', value: '2' } }));
      expect(await next()).toMatchObject({ id: 3, reply: { ok: false, error: { code: 'FORBIDDEN' } } });
      expect(engine.calls).not.toContain('set SEMANTIK_CONCURRENCY');
    } finally {
      ws.close();
    }
  });
});
