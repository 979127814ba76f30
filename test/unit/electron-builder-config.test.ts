// Packaging cannot run offline (electron-builder downloads Electron), so its configuration is
// checked here: loaded and validated by electron-builder's own loader and schema, then read for the
// targets and resources the issue requires.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
// electron-builder's internals (app-builder-lib and builder-util come with it): the same code
// `electron-builder` runs to read and validate this file.
import { getConfig } from 'app-builder-lib/out/util/config/load.js';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import type { Configuration } from 'app-builder-lib';
import { DebugLogger } from 'builder-util';

const root = resolve(import.meta.dirname, '../..');

interface FileSet {
  from?: string;
  to?: string;
}

function targetsOf(platform: unknown): string[] {
  const target = (platform as { target?: unknown } | undefined)?.target;
  const list = Array.isArray(target) ? target : target === undefined ? [] : [target];
  return list.map((item) => (typeof item === 'string' ? item : String((item as { target?: unknown }).target)));
}

describe('electron-builder.yml', () => {
  let config: Configuration;

  beforeAll(async () => {
    const loaded = await getConfig<Configuration>(
      { packageKey: 'build', configFilename: 'electron-builder', projectDir: root, packageMetadata: null },
      'electron-builder.yml',
    );
    if (loaded === null) throw new Error('electron-builder.yml was not found');
    config = loaded.result;
  });

  it("passes electron-builder's schema", async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    // The check itself can fail: a broken copy is refused.
    await expect(
      validateConfiguration({ ...config, linux: { notAnOption: true } } as unknown as Configuration, new DebugLogger(false)),
    ).rejects.toThrow(/linux/);
  });

  it('builds AppImage and deb, NSIS and dmg', () => {
    expect(targetsOf(config.linux)).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(targetsOf(config.win)).toEqual(['nsis']);
    expect(targetsOf(config.mac)).toEqual(['dmg']);
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z]+)+$/);
    expect(config.productName).toBe('Semantik');
  });

  it('ships the default model and the Redis binary where the engine looks for them', () => {
    const extra = (config.extraResources ?? []) as FileSet[];
    expect(extra).toContainEqual({ from: 'resources/models', to: 'models' });
    // src/main/engine/redis/redis-binary.ts looks in <resources>/redis/<platform>-<arch>/.
    expect(extra).toContainEqual({ from: 'resources/redis/${platform}-${arch}', to: 'redis/${platform}-${arch}' });
    expect(readFileSync(join(root, 'src/main/engine/redis/redis-binary.ts'), 'utf8')).toContain(
      "join(options.resourcesDir, 'redis', `${platform}-${arch}`, exe)",
    );
    expect(existsSync(join(root, 'resources', 'models'))).toBe(true);
  });

  it("makes the .deb depend on the distribution's redis-server, and npm run dist bundle one for the rest", () => {
    // Debian's versions carry epoch 5; the app refuses a server older than 7.0.
    expect((config.deb as { depends?: string[] } | undefined)?.depends).toContain('redis-server (>= 5:7.0)');
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.dist).toBe('node scripts/dist.mjs');
    const dist = readFileSync(join(root, 'scripts', 'dist.mjs'), 'utf8');
    expect(dist.indexOf('await bundleRedis(')).toBeGreaterThan(0);
    expect(dist.indexOf('await bundleRedis(')).toBeLessThan(dist.indexOf('run(process.execPath, [builder'));
  });

  it('packs the built bundles, with native code outside the archive', () => {
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'package.json']));
    // Only asarUnpack decides what leaves the archive (no smartUnpack guess), so its list is complete.
    expect(config.asar).toEqual({ smartUnpack: false });
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining(['**/*.node', '**/node_modules/better-sqlite3/**', '**/node_modules/sqlite-vec*/**']),
    );
    // package.json's "main" is the electron-vite main bundle (input `index` in electron.vite.config.ts).
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('out/main/index.js');
    expect(readFileSync(join(root, 'electron.vite.config.ts'), 'utf8')).toContain("index: resolve(root, 'src/main/electron/main.ts')");
  });
});
