/**
 * `engines` in package.json says which Node versions run the app: every package the app loads at
 * run time (its dependencies, and theirs) must accept the lowest version of each range it names.
 * Packaging tools (devDependencies) are left out: the README says they want Node 22.12+.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli';

interface Manifest {
  name: string;
  version: string;
  engines?: { node?: string };
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

interface Semver {
  satisfies(version: string, range: string): boolean;
}

const semver = createRequire(join(REPO_ROOT, 'package.json'))('semver') as Semver;

/**
 * The manifest of `name` as Node finds it from `fromDir` (the nearest node_modules up the tree;
 * read directly, as many packages do not export their package.json), or null when it is not
 * installed (an optional one).
 */
function manifestOf(name: string, fromDir: string): { manifest: Manifest; dir: string } | null {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) {
      return { manifest: JSON.parse(readFileSync(join(candidate, 'package.json'), 'utf8')) as Manifest, dir: candidate };
    }
    if (dirname(dir) === dir) return null;
  }
}

/** Every package reachable from the app's `dependencies`, once each. */
function runtimePackages(): Manifest[] {
  const root = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
  const seen = new Map<string, Manifest>();
  const visit = (deps: Record<string, string>, fromDir: string): void => {
    for (const name of Object.keys(deps)) {
      const found = manifestOf(name, fromDir);
      if (!found) continue;
      const key = `${found.manifest.name}@${found.manifest.version}`;
      if (seen.has(key)) continue;
      seen.set(key, found.manifest);
      visit({ ...found.manifest.dependencies, ...found.manifest.optionalDependencies }, found.dir);
    }
  };
  visit(root.dependencies ?? {}, REPO_ROOT);
  return [...seen.values()];
}

describe('engines', () => {
  const ours = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest).engines?.node ?? '';
  // The lowest version of each range `engines` names, e.g. "^20.19.0 || >=22.12.0" → 20.19.0, 22.12.0.
  const lowest = [...ours.matchAll(/(\d+\.\d+\.\d+)/g)].map((match) => match[1]!);

  it('names the lowest supported version of each Node line', () => {
    expect(lowest).toEqual(['20.19.0', '22.12.0']);
    for (const version of lowest) expect(semver.satisfies(version, ours)).toBe(true);
  });

  it('is accepted by every package the app loads at run time', () => {
    const packages = runtimePackages();
    expect(packages.length).toBeGreaterThan(100);
    const refusing = packages.flatMap((manifest) => {
      const range = manifest.engines?.node;
      if (!range) return [];
      const refused = lowest.filter((version) => !semver.satisfies(version, range));
      return refused.length === 0 ? [] : [`${manifest.name}@${manifest.version} wants node ${range} (not ${refused.join(', ')})`];
    });
    expect(refusing).toEqual([]);
  });
});
