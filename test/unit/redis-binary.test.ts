import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveRedisBinary } from '../../src/main/engine/redis/redis-binary';
import { buildRedisArgs, redact } from '../../src/main/engine/redis/redis-process';

const root = mkdtempSync(join(tmpdir(), 'semantik-redis-bin-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function executable(path: string, mode = 0o755): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, mode);
  return path;
}

const resourcesDir = join(root, 'resources');
const bundled = join(resourcesDir, 'redis', 'linux-x64', 'redis-server');
const configured = executable(join(root, 'custom', 'my-redis'));
const onPath = executable(join(root, 'bin', 'redis-server'));
executable(join(root, 'noexec', 'redis-server'), 0o644);
const searchPath = [join(root, 'empty'), join(root, 'noexec'), join(root, 'bin')].join(delimiter);
const base = { resourcesDir, searchPath, platform: 'linux' as const, arch: 'x64' };

describe('resolveRedisBinary', () => {
  it('falls back from PATH to redis-memory-server, skipping non-executables', () => {
    expect(resolveRedisBinary({ ...base, configuredPath: '' })).toEqual({ path: onPath, source: 'path' });
    expect(resolveRedisBinary({ ...base, configuredPath: '', searchPath: join(root, 'noexec') })).toEqual({
      path: null,
      source: 'redis-memory-server',
    });
  });

  it('prefers the configured path to PATH, and ignores a configured path that is missing', () => {
    expect(resolveRedisBinary({ ...base, configuredPath: configured })).toEqual({ path: configured, source: 'configured' });
    expect(resolveRedisBinary({ ...base, configuredPath: join(root, 'missing') })).toEqual({ path: onPath, source: 'path' });
  });

  it('prefers the bundled binary for this platform and arch above all', () => {
    executable(bundled);
    expect(resolveRedisBinary({ ...base, configuredPath: configured })).toEqual({ path: bundled, source: 'bundled' });
    expect(resolveRedisBinary({ ...base, configuredPath: configured, arch: 'arm64' }).source).toBe('configured');
    expect(resolveRedisBinary({ ...base, configuredPath: '', platform: 'win32' })).toMatchObject({ source: 'redis-memory-server' });
  });
});

describe('redis-server arguments', () => {
  it('turn AOF on after redis-memory-server turned it off, and redact the password', () => {
    const args = buildRedisArgs({ password: 's3cret', dir: '/data/redis', maxMemoryBytes: 1024 });
    expect(args.join(' ')).toBe(
      '--requirepass s3cret --protected-mode yes --appendonly yes --appendfsync everysec --dir /data/redis --save  ' +
        '--maxmemory 1024 --maxmemory-policy noeviction',
    );
    expect(redact(`x ${args.join(' ')} s3cret`, 's3cret')).not.toContain('s3cret');
  });
});
