import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { workerCredentials } from '../../src/main/cli/worker-credentials';

const dir = mkdtempSync(join(tmpdir(), 'semantik-worker-creds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, 'worker-password');
writeFileSync(file, 'from-file\n');
chmodSync(file, 0o600);

describe('semantik worker credentials', () => {
  it('connects as the worker user unless the URL names one', () => {
    expect(workerCredentials({ redis: 'rediss://10.0.0.2:6380', envPassword: 'p' })).toEqual({
      url: 'rediss://worker@10.0.0.2:6380',
      password: 'p',
    });
    expect(workerCredentials({ redis: 'redis://other@[::1]:6379', envPassword: 'p' }).url).toBe('redis://other@[::1]:6379');
  });

  it('takes the password from a file before the environment', () => {
    expect(workerCredentials({ redis: 'redis://h:1', passwordFile: file, envPassword: 'env' }).password).toBe('from-file');
    expect(() => workerCredentials({ redis: 'redis://h:1', passwordFile: join(dir, 'missing') })).toThrow(/cannot read the password file/);
  });

  it('refuses a password on the command line, as an option or in the URL', () => {
    expect(() => workerCredentials({ redis: 'redis://h:1', password: 'secret' })).toThrow(
      /--password is no longer accepted.*--password-file/,
    );
    expect(() => workerCredentials({ redis: 'redis://worker:secret@h:1' })).toThrow(/URL holds a password/);
  });
});
