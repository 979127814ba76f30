/**
 * Which paths a walk skips: .gitignore files found in the tree (each applies below its folder, as
 * in git), default patterns, the user's extra patterns, and hidden names unless asked for.
 * Patterns are matched by `ignore`, the .gitignore implementation eslint and prettier use.
 */
import ignore, { type Ignore } from 'ignore';
import { readFile } from 'node:fs/promises';
import { join, sep } from 'node:path';

/** Skipped everywhere: version control, dependency and cache folders, OS and editor litter. */
export const DEFAULT_IGNORES: readonly string[] = [
  '.git/',
  '.hg/',
  '.svn/',
  'node_modules/',
  '__pycache__/',
  '.venv/',
  '.cache/',
  '.DS_Store',
  'Thumbs.db',
  'desktop.ini',
  // Office's lock files ("~$report.docx") hold a user name, not the document.
  '~$*',
];

/** The rules of one folder, matched against paths relative to it. */
export interface IgnoreLayer {
  base: string;
  rules: Ignore;
}

/** The root layer: defaults plus the user's patterns. */
export function rootLayer(root: string, extra: readonly string[]): IgnoreLayer {
  return { base: root, rules: ignore().add([...DEFAULT_IGNORES, ...extra]) };
}

/** The layer of a folder's .gitignore, or null when it has none (or it cannot be read). */
export async function gitignoreLayer(dir: string): Promise<IgnoreLayer | null> {
  let text: string;
  try {
    text = await readFile(join(dir, '.gitignore'), 'utf8');
  } catch {
    // Most folders have none; an unreadable one is treated the same way.
    return null;
  }
  return { base: dir, rules: ignore().add(text) };
}

/**
 * A normalized folder path with one separator at its end, to append a name to. The walk and
 * RootIgnoreMatcher join paths this way: path.join's result for a name, without its normalizing
 * pass, and a root that already ends in a separator ("/", "D:\\") takes none more.
 */
export function inFolder(folder: string): string {
  return folder.endsWith(sep) ? folder : folder + sep;
}

/**
 * `path` relative to `base`, with `/` between names, or null unless it is below `base`. Both are
 * normalized absolute paths joined with inFolder, so a prefix test stands in for path.relative,
 * which resolves both paths again on every call of a walk's hottest loop (and nothing is
 * allocated unless the path is below).
 */
function relativeBelow(base: string, path: string): string | null {
  const start = base.endsWith(sep) ? base.length : base.length + 1;
  if (path.length <= start || !path.startsWith(base) || (start > base.length && path[base.length] !== sep)) return null;
  const rel = path.slice(start);
  return sep === '/' ? rel : rel.split(sep).join('/');
}

/**
 * True when `path` is ignored by the layers (outermost first): a deeper layer's negation (`!keep`)
 * re-includes what an outer one excluded, as in git.
 */
export function isIgnored(layers: readonly IgnoreLayer[], path: string, isDir: boolean): boolean {
  let ignored = false;
  for (const layer of layers) {
    const rel = relativeBelow(layer.base, path);
    if (rel === null) continue;
    const result = layer.rules.test(isDir ? `${rel}/` : rel);
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}
