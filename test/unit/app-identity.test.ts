import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
// electron-builder's own loader, as in electron-builder-config.test.ts: the file as packaging reads it.
import { getConfig } from 'app-builder-lib/out/util/config/load.js';
import type { Configuration } from 'app-builder-lib';
import { APP_ID, appUserModelId } from '../../src/main/electron/app-identity';

describe('the app identity', () => {
  it("is electron-builder.yml's appId, which the Windows installer registers the shortcut under", async () => {
    const loaded = await getConfig<Configuration>(
      { packageKey: 'build', configFilename: 'electron-builder', projectDir: resolve(import.meta.dirname, '../..'), packageMetadata: null },
      'electron-builder.yml',
    );
    expect(loaded?.result.appId).toBe(APP_ID);
  });

  it('is set as the AppUserModelID on Windows only', () => {
    expect(appUserModelId('win32')).toBe(APP_ID);
    expect(appUserModelId('linux')).toBeNull();
    expect(appUserModelId('darwin')).toBeNull();
  });
});
