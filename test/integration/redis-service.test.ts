import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedRedis, type RedisHandle } from '../../src/main/engine/redis/embedded-redis';
import { resolveRedisBinary } from '../../src/main/engine/redis/redis-binary';
import { SemantikError } from '../../src/shared/errors';

const MAX_MEMORY = 48 * 1024 * 1024;
const binary = resolveRedisBinary({ resourcesDir: join(import.meta.dirname, '../../resources') });

// Every log line the service writes, to prove the password never shows up in one.
const logLines: string[] = [];
const logger = pino(
  { level: 'debug' },
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString());
      done();
    },
  }),
);

let dataDir: string;
let handle: RedisHandle | null = null;
const clients: Redis[] = [];

function client(options: { password?: string } = {}): Redis {
  if (!handle) throw new Error('redis not started');
  const redis = new Redis({ host: handle.host, port: handle.port, lazyConnect: true, maxRetriesPerRequest: 0, ...options });
  redis.on('error', () => undefined); // each test awaits its commands and asserts on their errors
  clients.push(redis);
  return redis;
}

function start(): Promise<RedisHandle> {
  return startEmbeddedRedis({ dataDir, maxMemoryBytes: MAX_MEMORY, binary, logger });
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'semantik-redis-'));
  handle = await start();
});

afterAll(async () => {
  for (const redis of clients) redis.disconnect();
  await handle?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('embedded redis service', () => {
  it('refuses clients without the password', async () => {
    await expect(client().ping()).rejects.toThrow(/NOAUTH/);
    await expect(client({ password: 'wrong' }).ping()).rejects.toThrow(/WRONGPASS|invalid/i);
    expect(await client({ password: handle!.password }).ping()).toBe('PONG');
  });

  it('listens on loopback only, persists with AOF and never evicts', async () => {
    const redis = client({ password: handle!.password });
    const config = async (name: string) => ((await redis.call('CONFIG', 'GET', name)) as string[])[1];
    expect(await config('bind')).toBe('127.0.0.1');
    expect(await config('protected-mode')).toBe('yes');
    expect(await config('appendonly')).toBe('yes');
    expect(await config('appendfsync')).toBe('everysec');
    expect(await config('save')).toBe('');
    expect(await config('maxmemory-policy')).toBe('noeviction');
    expect(await config('maxmemory')).toBe(String(MAX_MEMORY));
    expect(await config('dir')).toBe(join(dataDir, 'redis'));
  });

  it('describes itself without leaking the password', () => {
    expect(handle!.url).toBe(`redis://127.0.0.1:${handle!.port}`);
    expect(handle!.pid).toBeGreaterThan(0);
    const logs = logLines.join('');
    expect(logs).toContain('redis: ');
    expect(logs).toContain('Ready to accept connections');
    expect(logs).not.toContain(handle!.password);
  });

  it('keeps data and password across a stop and a restart on the same data folder', async () => {
    const first = handle!;
    const passwordFile = join(dataDir, 'redis', 'password');
    expect(statSync(passwordFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(passwordFile, 'utf8').trim()).toBe(first.password);

    await client({ password: first.password }).set('semantik:test:survivor', 'still here');
    await first.stop();
    expect(await first.exited).toEqual({ code: 0, signal: null });
    expect(() => process.kill(first.pid!, 0)).toThrow();
    await first.stop(); // idempotent

    handle = await start();
    expect(handle.password).toBe(first.password);
    expect(statSync(passwordFile).mode & 0o777).toBe(0o600);
    expect(await client({ password: handle.password }).get('semantik:test:survivor')).toBe('still here');
    expect(logLines.join('')).not.toContain(handle.password);
  });

  it('fails with a REDIS error, and leaves nothing running, when the binary cannot serve', async () => {
    const otherDir = mkdtempSync(join(tmpdir(), 'semantik-redis-bad-'));
    try {
      const failing = startEmbeddedRedis({
        dataDir: otherDir,
        maxMemoryBytes: MAX_MEMORY,
        binary: { path: '/bin/false', source: 'configured' },
        logger,
      });
      await expect(failing).rejects.toBeInstanceOf(SemantikError);
      await expect(failing).rejects.toMatchObject({ code: 'REDIS' });
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  });
});
