import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assertMonitorHostAllowed, isLoopbackHost, MONITOR_AUTH_FILE, resolveMonitorCredentials } from '../../src/main/web/credentials';
import { checkBasicAuth, readCookie, SessionStore, SESSION_TTL_MS } from '../../src/main/web/auth';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'semantik-cred-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('resolveMonitorCredentials', () => {
  it('takes SEMANTIK_MONITOR_AUTH, splitting at the first colon', () => {
    const dataDir = tempDir();
    const result = resolveMonitorCredentials({ dataDir, env: { SEMANTIK_MONITOR_AUTH: 'ann:pa:ss' } });
    expect(result).toEqual({ user: 'ann', password: 'pa:ss', generated: false, created: false });
    expect(() => statSync(join(dataDir, MONITOR_AUTH_FILE))).toThrow();
  });

  it.each(['nocolon', ':pw', 'user:', 'admin:admin'])('refuses SEMANTIK_MONITOR_AUTH=%s', (value) => {
    expect(() => resolveMonitorCredentials({ dataDir: tempDir(), env: { SEMANTIK_MONITOR_AUTH: value } })).toThrow(/SEMANTIK_MONITOR_AUTH/);
  });

  it('generates credentials once, stores them 0600 and reuses them', () => {
    const dataDir = tempDir();
    const first = resolveMonitorCredentials({ dataDir, env: {} });
    expect(first.generated).toBe(true);
    expect(first.created).toBe(true);
    expect(first.user).not.toBe('admin');
    expect(first.password.length).toBeGreaterThanOrEqual(32);
    const file = join(dataDir, MONITOR_AUTH_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(`${first.user}:${first.password}`);
    const second = resolveMonitorCredentials({ dataDir, env: { SEMANTIK_MONITOR_AUTH: '' } });
    expect(second).toEqual({ ...first, created: false });
    expect(resolveMonitorCredentials({ dataDir: tempDir(), env: {} }).password).not.toBe(first.password);
  });

  it('refuses a non-loopback host without explicit credentials', () => {
    expect(() => resolveMonitorCredentials({ dataDir: tempDir(), env: {}, host: '0.0.0.0' })).toThrow(/SEMANTIK_MONITOR_AUTH/);
    expect(() => assertMonitorHostAllowed('192.168.1.5', { generated: true })).toThrow();
    expect(() => assertMonitorHostAllowed('192.168.1.5', { generated: false })).not.toThrow();
    expect(resolveMonitorCredentials({ dataDir: tempDir(), env: {}, host: '127.0.0.1' }).generated).toBe(true);
    expect(resolveMonitorCredentials({ dataDir: tempDir(), env: { SEMANTIK_MONITOR_AUTH: 'a:b' }, host: '0.0.0.0' }).user).toBe('a');
  });

  it.each([
    ['127.0.0.1', true],
    ['127.8.9.1', true],
    ['localhost', true],
    ['::1', true],
    ['[::1]', true],
    ['::ffff:127.0.0.1', true],
    ['0.0.0.0', false],
    ['::', false],
    ['10.0.0.1', false],
    ['example.com', false],
    ['128.0.0.1', false],
  ])('isLoopbackHost(%s) is %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});

describe('Basic auth and sessions', () => {
  const expected = { user: 'u', password: 'p:w' };
  const header = (text: string): string => `Basic ${Buffer.from(text).toString('base64')}`;

  it('accepts exactly the right pair', () => {
    expect(checkBasicAuth(header('u:p:w'), expected)).toBe(true);
    expect(checkBasicAuth(`basic   ${Buffer.from('u:p:w').toString('base64')}`, expected)).toBe(true);
    for (const wrong of ['u:p', 'u:p:wx', 'U:p:w', ':p:w', 'u', '']) expect(checkBasicAuth(header(wrong), expected)).toBe(false);
    expect(checkBasicAuth(undefined, expected)).toBe(false);
    expect(checkBasicAuth('Bearer abc', expected)).toBe(false);
  });

  it('issues sessions that expire', () => {
    let now = 1_000;
    const store = new SessionStore('s_1', () => now);
    const setCookie = store.issue();
    const token = readCookie(setCookie.split(';')[0], 's_1');
    expect(token).toMatch(/^[\w-]{40,}$/);
    const request = { headers: { cookie: `other=1; s_1=${token}` } } as Parameters<SessionStore['isValid']>[0];
    expect(store.isValid(request)).toBe(true);
    expect(store.isValid({ headers: { cookie: 's_1=forged' } } as Parameters<SessionStore['isValid']>[0])).toBe(false);
    now += SESSION_TTL_MS + 1;
    expect(store.isValid(request)).toBe(false);
  });
});
