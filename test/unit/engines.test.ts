/**
 * `engines` says which Node versions an install supports, and npm warns at `npm ci` about every
 * installed package that refuses the running version (or, for an optional one, leaves it out
 * without a word). So each install's lock is checked against its own `engines`: the app's
 * (package.json, what `npm ci` installs) and the packaging tools' (packaging/, installed on first
 * use by scripts/packaging-tools.mjs). Every Node version `engines` admits must be one each package
 * of the lock admits. Only builds for platforms the app does not run on are left out.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli';

interface LockEntry {
  version?: string;
  os?: string[];
  cpu?: string[];
  engines?: { node?: string } | string[];
}

interface Lock {
  packages: Record<string, LockEntry>;
}

interface Semver {
  subset(sub: string, dom: string): boolean;
}

const semver = createRequire(join(REPO_ROOT, 'package.json'))('semver') as Semver;

/** The platforms and processors the app is built for (electron-builder.yml's targets). */
const OUR_OS = ['linux', 'darwin', 'win32'];
const OUR_CPU = ['x64', 'arm64'];

function readJson<T>(...path: string[]): T {
  return JSON.parse(readFileSync(join(REPO_ROOT, ...path), 'utf8')) as T;
}

/** True when npm installs the entry on none of our platforms (`os`/`cpu` lists; `!` excludes). */
function otherPlatformsOnly(entry: LockEntry): boolean {
  const admits = (list: string[] | undefined, ours: string[]): boolean =>
    list === undefined ||
    ours.some((value) => (list.some((item) => item.startsWith('!')) ? !list.includes(`!${value}`) : list.includes(value)));
  return !admits(entry.os, OUR_OS) || !admits(entry.cpu, OUR_CPU);
}

/** The packages of a lock that refuse part of `range`, as "name@version wants node R". */
function refusing(lock: Lock, range: string): string[] {
  return Object.entries(lock.packages).flatMap(([path, entry]) => {
    const wanted = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
    if (path === '' || wanted === undefined || otherPlatformsOnly(entry) || semver.subset(range, wanted)) return [];
    const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    return [`${name}@${entry.version ?? '?'} wants node ${wanted}`];
  });
}

describe('engines', () => {
  const ours = readJson<{ engines: { node: string } }>('package.json').engines.node;
  const packaging = readJson<{ engines: { node: string } }>('packaging', 'package.json').engines.node;

  it("is admitted whole by every package the app's npm ci installs, tests and build tools included", () => {
    const lock = readJson<Lock>('package-lock.json');
    expect(Object.keys(lock.packages).length).toBeGreaterThan(300);
    expect(refusing(lock, ours)).toEqual([]);
  });

  it('is admitted whole by every packaging tool, on the Node versions the packaging folder names', () => {
    expect(refusing(readJson<Lock>('packaging', 'package-lock.json'), packaging)).toEqual([]);
  });

  it('names what refuses part of the range, and leaves out only the builds for other platforms', () => {
    const lock: Lock = {
      packages: {
        '': { engines: { node: '>=1' } },
        'node_modules/tool': { version: '4.0.0', engines: { node: '>=22.12.0' } },
        'node_modules/a/node_modules/line-list': { version: '1.0.0', engines: { node: '20.x || 22.x || 24.x' } },
        'node_modules/ours-linux': { version: '1.0.0', os: ['linux'], cpu: ['x64'], engines: { node: '>=24' } },
        'node_modules/not-windows': { version: '1.0.0', os: ['!win32'], engines: { node: '>=24' } },
        'node_modules/win32-ia32': { version: '1.0.0', os: ['win32'], cpu: ['ia32'], engines: { node: '>=24' } },
        'node_modules/old-list': { version: '1.0.0', engines: ['node >= 0.4'] },
      },
    };
    expect(refusing(lock, '^20.19.0 || ^22.13.0 || ^24.0.0')).toEqual([
      'tool@4.0.0 wants node >=22.12.0',
      'ours-linux@1.0.0 wants node >=24',
      'not-windows@1.0.0 wants node >=24',
    ]);
    expect(refusing(lock, '^24.0.0')).toEqual([]);
    // A range wider than what a package lists, though each end is admitted, is refused.
    expect(refusing(lock, '>=24.0.0')).toEqual(['line-list@1.0.0 wants node 20.x || 22.x || 24.x']);
  });
});
