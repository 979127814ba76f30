import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appVersion } from '../../src/node/app-version';

const ROOT = resolve(import.meta.dirname, '..', '..');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('appVersion', () => {
  it('finds the version from the sources and from the bundles', () => {
    expect(appVersion(join(ROOT, 'src', 'main', 'engine'))).toBe(VERSION);
    expect(appVersion(join(ROOT, 'out', 'main'))).toBe(VERSION);
  });

  it("skips a dependency's package.json on the way up, and says unknown when there is none", () => {
    const app = mkdtempSync(join(tmpdir(), 'semantik-version-'));
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'semantik-desktop', version: '9.8.7' }));
    const nested = join(app, 'node_modules', 'dep', 'out');
    mkdirSync(nested, { recursive: true });
    writeFileSync(join(app, 'node_modules', 'dep', 'package.json'), JSON.stringify({ name: 'dep', version: '1.0.0' }));
    expect(appVersion(nested)).toBe('9.8.7');
    const bare = mkdtempSync(join(tmpdir(), 'semantik-version-none-'));
    expect(appVersion(join(bare, 'a', 'b'))).toBe('unknown');
  });
});
