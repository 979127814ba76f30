// SQLite's own dlopen cannot read inside app.asar: the extension is loaded from app.asar.unpacked.
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { unpackedPath, vecExtensionPath } from '../../src/node/store/vec-extension';

describe('the sqlite-vec extension path', () => {
  it('moves a path inside app.asar to app.asar.unpacked, on either separator', () => {
    expect(unpackedPath('/opt/Semantik/resources/app.asar/node_modules/sqlite-vec-linux-x64/vec0.so')).toBe(
      '/opt/Semantik/resources/app.asar.unpacked/node_modules/sqlite-vec-linux-x64/vec0.so',
    );
    expect(unpackedPath('C:\\Semantik\\resources\\app.asar\\node_modules\\sqlite-vec-windows-x64\\vec0.dll')).toBe(
      'C:\\Semantik\\resources\\app.asar.unpacked\\node_modules\\sqlite-vec-windows-x64\\vec0.dll',
    );
  });

  it('leaves a path outside any archive alone, and that file loads into SQLite', () => {
    const path = vecExtensionPath();
    expect(path).not.toContain('app.asar');
    expect(existsSync(path)).toBe(true);
    const db = new Database(':memory:');
    db.loadExtension(path);
    expect(db.prepare('select vec_version() as v').get()).toMatchObject({ v: expect.stringMatching(/^v\d/) });
    db.close();
  });
});
