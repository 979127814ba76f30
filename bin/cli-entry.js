// Which file the `semantik` command runs: the built bundle (out/main/cli.js) when it is at least
// as new as every source file under src/, else the TypeScript sources through tsx.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The newest modification time (ms) of the files under `dir`, 0 if there are none. */
function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (entry.isFile()) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * `{ kind: 'bundle', path }` when `<root>/out/main/cli.js` exists and no file under `<root>/src`
 * is newer; else `{ kind: 'sources', path, reason }` with the sources' entry and why.
 */
export function chooseCliEntry(root) {
  const bundle = join(root, 'out', 'main', 'cli.js');
  const sources = join(root, 'src', 'main', 'cli', 'main.ts');
  let built;
  try {
    built = statSync(bundle).mtimeMs;
  } catch {
    return { kind: 'sources', path: sources, reason: 'out/main/cli.js is not built' };
  }
  let newest;
  try {
    newest = newestMtime(join(root, 'src'));
  } catch {
    // No sources beside the bundle (an installed package): the bundle is all there is.
    return { kind: 'bundle', path: bundle };
  }
  if (newest > built) return { kind: 'sources', path: sources, reason: 'out/main/cli.js is older than src/' };
  return { kind: 'bundle', path: bundle };
}
