// One checkout, two runtimes: the store loads Node's build of better-sqlite3 under Node and the
// Electron build under Electron, and the install step that makes the Electron build is exercised
// with its build command pointed at a local stand-in (no network).
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  chooseBinding,
  currentBinding,
  ELECTRON_BINDING_DIR,
  ELECTRON_BINDING_FILE,
  ELECTRON_BINDING_MARKER,
} from '../../src/node/store/native-binding';
// @ts-expect-error: a plain .mjs script without type declarations
import { buildElectronSqlite } from '../../scripts/electron-native.mjs';

const require = createRequire(import.meta.url);
const realPackageDir = dirname(require.resolve('better-sqlite3/package.json'));
const nodeBuild = join(realPackageDir, 'build', 'Release', 'better_sqlite3.node');

function packageWithElectronBuild(version: string | null): string {
  const dir = mkdtempSync(join(tmpdir(), 'binding-'));
  if (version !== null) {
    mkdirSync(join(dir, ELECTRON_BINDING_DIR), { recursive: true });
    // A real addon stands in for the Electron build: under Node it is the only kind that loads.
    copyFileSync(nodeBuild, join(dir, ELECTRON_BINDING_DIR, ELECTRON_BINDING_FILE));
    writeFileSync(join(dir, ELECTRON_BINDING_DIR, ELECTRON_BINDING_MARKER), `${version}\n`);
  }
  return dir;
}

describe('which better-sqlite3 build a runtime loads', () => {
  it("takes npm's build under plain Node, and this test process is plain Node", () => {
    expect(chooseBinding({ electron: undefined, packageDir: packageWithElectronBuild('41.7.1'), packaged: false }).kind).toBe('default');
    expect(currentBinding().kind).toBe('default');
  });

  it('takes the Electron build under the Electron version it was built for, and that path loads', () => {
    const dir = packageWithElectronBuild('41.7.1');
    const choice = chooseBinding({ electron: '41.7.1', packageDir: dir, packaged: false });
    expect(choice).toEqual({ kind: 'electron', path: join(dir, ELECTRON_BINDING_DIR, ELECTRON_BINDING_FILE) });
    if (choice.kind !== 'electron') throw new Error('unreachable');
    const db = new Database(':memory:', { nativeBinding: choice.path });
    expect(db.prepare('select 1 + 1 as two').get()).toEqual({ two: 2 });
    db.close();
  });

  it('says what is wrong when the Electron build is missing or for another Electron', () => {
    const missing = chooseBinding({ electron: '41.7.1', packageDir: packageWithElectronBuild(null), packaged: false });
    expect(missing).toMatchObject({ kind: 'missing', why: expect.stringContaining('no Electron build') });
    const stale = chooseBinding({ electron: '42.0.0', packageDir: packageWithElectronBuild('41.7.1'), packaged: false });
    expect(stale).toMatchObject({ kind: 'missing', why: expect.stringContaining('for Electron 41.7.1, this is Electron 42.0.0') });
  });

  it('keeps the default inside a packaged app, whose build electron-builder made for Electron', () => {
    expect(chooseBinding({ electron: '41.7.1', packageDir: packageWithElectronBuild(null), packaged: true }).kind).toBe('default');
  });
});

describe('the install step that builds better-sqlite3 for Electron', () => {
  function fakeElectron(withBinary: boolean): string {
    const dir = mkdtempSync(join(tmpdir(), 'fake-electron-'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'electron', version: '41.7.1' }));
    if (withBinary) writeFileSync(join(dir, 'path.txt'), 'electron');
    return dir;
  }

  function fakeSqlite(): string {
    const dir = mkdtempSync(join(tmpdir(), 'fake-sqlite-'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'better-sqlite3', version: '12.11.1' }));
    return dir;
  }

  /** A stand-in for prebuild-install: writes an addon where the real tool would, records its argument. */
  function fakeBuildCommand(): string {
    const dir = mkdtempSync(join(tmpdir(), 'fake-build-'));
    const script = join(dir, 'build.mjs');
    writeFileSync(
      script,
      [
        '#!/usr/bin/env node',
        "import { mkdirSync, writeFileSync } from 'node:fs';",
        "mkdirSync('build/Release', { recursive: true });",
        "writeFileSync('build/Release/better_sqlite3.node', `built with ${process.argv[2]}`);",
      ].join('\n'),
    );
    chmodSync(script, 0o755);
    return script;
  }

  it('builds into build/electron with a marker when Electron is present', () => {
    const sqliteDir = fakeSqlite();
    const line = buildElectronSqlite({ sqliteDir, electronDir: fakeElectron(true), command: fakeBuildCommand() });
    expect(line).toContain('built into');
    const built = join(sqliteDir, ELECTRON_BINDING_DIR, ELECTRON_BINDING_FILE);
    expect(readFileSync(built, 'utf8')).toBe('built with --target=41.7.1');
    expect(readFileSync(join(sqliteDir, ELECTRON_BINDING_DIR, ELECTRON_BINDING_MARKER), 'utf8').trim()).toBe('41.7.1');
    expect(existsSync(join(sqliteDir, 'build', 'Release'))).toBe(false);
    // A second install finds it done.
    expect(buildElectronSqlite({ sqliteDir, electronDir: fakeElectron(true), command: fakeBuildCommand() })).toContain('already built');
  });

  it('says clearly when it is skipped, and when the build fails', () => {
    const sqliteDir = fakeSqlite();
    expect(buildElectronSqlite({ sqliteDir, electronDir: fakeElectron(false), command: fakeBuildCommand() })).toMatch(
      /skipped \(no Electron binary here/,
    );
    expect(existsSync(join(sqliteDir, ELECTRON_BINDING_DIR))).toBe(false);
    const failing = buildElectronSqlite({ sqliteDir, electronDir: fakeElectron(true), command: '/bin/false' });
    expect(failing).toMatch(/not built \(.*\); the window will say how to retry/);
  });
});
