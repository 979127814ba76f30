import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkRedisVersion, PACKAGE_MANAGER_DIRS, resolveRedisBinary } from '../../src/main/engine/redis/redis-binary';
import { buildRedisConfig, quoteConfigValue } from '../../src/main/engine/redis/redis-config';
import { redact } from '../../src/main/engine/redis/redis-process';
import { SemantikError } from '../../src/shared/errors';

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
  it('takes redis-server on PATH, skipping non-executables', () => {
    expect(resolveRedisBinary({ ...base, configuredPath: '' })).toEqual({ path: onPath, source: 'path' });
  });

  it('with no redis-server anywhere, fails with an error naming the fix, never a download', () => {
    const missing = () => resolveRedisBinary({ ...base, configuredPath: join(root, 'missing'), searchPath: join(root, 'noexec') });
    expect(missing).toThrow(SemantikError);
    expect(missing).toThrow(/No redis-server found/);
    expect(missing).toThrow(/apt install redis-server/);
    expect(missing).toThrow(/set SEMANTIK_REDIS_BINARY/);
    expect(missing).toThrow(join(root, 'missing'));
    expect(missing).toThrow(expect.objectContaining({ code: 'REDIS' }));
  });

  it('prefers the configured path to PATH, and ignores a configured path that is missing', () => {
    expect(resolveRedisBinary({ ...base, configuredPath: configured })).toEqual({ path: configured, source: 'configured' });
    expect(resolveRedisBinary({ ...base, configuredPath: join(root, 'missing') })).toEqual({ path: onPath, source: 'path' });
  });

  it('prefers the bundled binary for this platform and arch above all', () => {
    executable(bundled);
    expect(resolveRedisBinary({ ...base, configuredPath: configured })).toEqual({ path: bundled, source: 'bundled' });
    expect(resolveRedisBinary({ ...base, configuredPath: configured, arch: 'arm64' }).source).toBe('configured');
    expect(() => resolveRedisBinary({ ...base, configuredPath: '', platform: 'win32' })).toThrow(/redis-server\.exe/);
  });
});

describe('resolveRedisBinary beyond PATH (an app opened from the macOS Finder gets a minimal PATH)', () => {
  const homebrew = executable(join(root, 'opt-homebrew', 'bin', 'redis-server'));
  const macports = join(root, 'opt-local', 'bin');
  const dirs = { darwin: [join(root, 'opt-homebrew', 'bin'), macports] };
  const noPath = {
    resourcesDir: join(root, 'no-resources'),
    configuredPath: '',
    searchPath: join(root, 'empty'),
    packageManagerDirs: dirs,
  };

  it("on macOS, finds Homebrew's redis-server when PATH has none", () => {
    expect(resolveRedisBinary({ ...noPath, platform: 'darwin', arch: 'arm64' })).toEqual({ path: homebrew, source: 'package-manager' });
  });

  it('still prefers PATH to those folders', () => {
    expect(resolveRedisBinary({ ...noPath, searchPath, platform: 'darwin', arch: 'arm64' })).toEqual({ path: onPath, source: 'path' });
  });

  it('on Linux, does not look there, and says where it looked', () => {
    const linux = () => resolveRedisBinary({ ...noPath, platform: 'linux', arch: 'x64' });
    expect(linux).toThrow(/No redis-server found/);
    expect(linux).not.toThrow(/opt-homebrew/);
  });

  it('when none is there either, the error names every folder looked in', () => {
    const none = () => resolveRedisBinary({ ...noPath, platform: 'darwin', arch: 'arm64', packageManagerDirs: { darwin: [macports] } });
    expect(none).toThrow(`\`redis-server\` on PATH, in ${macports}`);
    expect(none).toThrow(/brew install redis/);
  });

  it("looks in Homebrew's and MacPorts' folders by default on macOS only", () => {
    expect(PACKAGE_MANAGER_DIRS.darwin).toEqual(['/opt/homebrew/bin', '/usr/local/bin', '/opt/local/bin']);
    expect(PACKAGE_MANAGER_DIRS.linux).toBeUndefined();
    expect(PACKAGE_MANAGER_DIRS.win32).toBeUndefined();
  });
});

describe('checkRedisVersion', () => {
  const fake = (name: string, version: string) => {
    const path = join(root, 'versions', name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, `#!/bin/sh\necho "Redis server v=${version} sha=00000000:0 malloc=jemalloc-5.3.0 bits=64"\n`);
    chmodSync(path, 0o755);
    return { path, source: 'configured' as const };
  };

  it('refuses a redis-server older than 7.0, naming the fix', () => {
    expect(() => checkRedisVersion(fake('old', '6.0.16'))).toThrow(
      /is Redis 6\.0\.16; Semantik needs 7\.0 or newer.*SEMANTIK_REDIS_BINARY/,
    );
    expect(() => checkRedisVersion(fake('seven', '7.0.15'))).not.toThrow();
    expect(() => checkRedisVersion(fake('newer', '7.2.7'))).not.toThrow();
  });
});

describe('redis-server config file', () => {
  const passwords = { app: 's3cret', worker: 'w0rker' };

  it('holds every setting, AOF on, and the users with hashed passwords only', () => {
    const text = buildRedisConfig({ passwords, port: 6400, dir: '/data/my redis', maxMemoryBytes: 1024 });
    const lines = text.split('\n');
    for (const line of [
      'bind 127.0.0.1',
      'protected-mode yes',
      'port 6400',
      'dir "/data/my redis"',
      'appendonly yes',
      'appendfsync everysec',
      'save ""',
      'maxmemory 1024',
      'maxmemory-policy noeviction',
    ]) {
      expect(lines).toContain(line);
    }
    expect(text).not.toContain('s3cret');
    expect(text).not.toContain('w0rker');
    expect(text).not.toContain('requirepass');
    expect(lines.filter((line) => line.startsWith('user '))).toHaveLength(2);
    expect(text).toMatch(/^user worker on #[0-9a-f]{64} resetkeys .* -@admin -@dangerous /m);
    expect(redact('x s3cret y', 's3cret')).toBe('x [redacted] y');
  });

  it('serves TLS only when exposed, on loopback and the chosen address', () => {
    const tls = { certFile: '/d/cert.pem', keyFile: '/d/key.pem', bind: '192.168.1.5' };
    const lines = buildRedisConfig({ passwords, port: 6400, dir: '/d', maxMemoryBytes: 1, tls }).split('\n');
    for (const line of ['bind 127.0.0.1 192.168.1.5', 'port 0', 'tls-port 6400', 'tls-auth-clients no', 'tls-ca-cert-file /d/cert.pem']) {
      expect(lines).toContain(line);
    }
    const everywhere = buildRedisConfig({ passwords, port: 1, dir: '/d', maxMemoryBytes: 1, tls: { ...tls, bind: '0.0.0.0' } });
    expect(everywhere.split('\n')).toContain('bind * -::*');
  });

  it('quotes values the config parser would split', () => {
    expect(quoteConfigValue('/plain/path-1.2')).toBe('/plain/path-1.2');
    expect(quoteConfigValue('C:\\Users\\a b')).toBe('"C:\\\\Users\\\\a b"');
    expect(quoteConfigValue('say "hi"\n')).toBe('"say \\"hi\\"\\x0a"');
    expect(quoteConfigValue('')).toBe('""');
  });
});
