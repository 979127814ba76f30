/**
 * `engines` says which Node versions an install supports, and npm warns at `npm ci` about every
 * installed package that refuses the running version. So each install's lock is checked against
 * its own `engines`: the app's (package.json, what `npm ci` installs) and the packaging tools'
 * (packaging/, installed on first use by scripts/packaging-tools.mjs). Every package of the lock
 * must accept the lowest version of each range `engines` names. Optional packages are left out:
 * npm skips one that refuses the running Node without a word (they are other platforms' builds).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli';

interface LockEntry {
  version?: string;
  optional?: boolean;
  engines?: { node?: string } | string[];
}

interface Lock {
  packages: Record<string, LockEntry>;
}

interface Semver {
  satisfies(version: string, range: string): boolean;
}

const semver = createRequire(join(REPO_ROOT, 'package.json'))('semver') as Semver;

function readJson<T>(...path: string[]): T {
  return JSON.parse(readFileSync(join(REPO_ROOT, ...path), 'utf8')) as T;
}

/** The lowest version of each range `engines` names, e.g. "^20.19.0 || >=22.13.0" → 20.19.0, 22.13.0. */
function lowestOf(range: string): string[] {
  return [...range.matchAll(/(\d+\.\d+\.\d+)/g)].map((match) => match[1]!);
}

/** The packages of a lock that refuse one of `versions`, as "name@version wants node R (not V)". */
function refusing(lock: Lock, versions: string[]): string[] {
  return Object.entries(lock.packages).flatMap(([path, entry]) => {
    const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
    if (path === '' || entry.optional === true || range === undefined) return [];
    const refused = versions.filter((version) => !semver.satisfies(version, range));
    const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    return refused.length === 0 ? [] : [`${name}@${entry.version ?? '?'} wants node ${range} (not ${refused.join(', ')})`];
  });
}

describe('engines', () => {
  const ours = readJson<{ engines: { node: string } }>('package.json').engines.node;
  const packaging = readJson<{ engines: { node: string } }>('packaging', 'package.json').engines.node;

  it('names the lowest supported version of each Node line', () => {
    expect(lowestOf(ours)).toEqual(['20.19.0', '22.13.0']);
    for (const version of lowestOf(ours)) expect(semver.satisfies(version, ours)).toBe(true);
    expect(lowestOf(packaging)).toEqual(['22.12.0']);
  });

  it("is accepted by every package the app's npm ci installs, tests and build tools included", () => {
    const lock = readJson<Lock>('package-lock.json');
    expect(Object.keys(lock.packages).length).toBeGreaterThan(300);
    expect(refusing(lock, lowestOf(ours))).toEqual([]);
  });

  it('is accepted by every packaging tool, on the Node versions the packaging folder names', () => {
    const lock = readJson<Lock>('packaging', 'package-lock.json');
    expect(refusing(lock, lowestOf(packaging))).toEqual([]);
    // The check can fail: the packaging tools refuse Node 20, which is why they have a folder of their own.
    expect(refusing(lock, ['20.19.0'])).toEqual(
      expect.arrayContaining([expect.stringMatching(/^@electron\/rebuild@4\.\d+\.\d+ wants node >=22\.12\.0/)]),
    );
  });
});
