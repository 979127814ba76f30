/**
 * Watches one indexed folder with chokidar and reports changed paths, skipping what the walk skips
 * (the same ignore rules, hidden names and symbolic-link setting) and the app's own data folder.
 */
import { watch, type FSWatcher } from 'chokidar';
import { basename, dirname, sep } from 'node:path';
import { lstatSync, realpathSync, type Stats } from 'node:fs';
import type { FollowLinks } from '../../../shared/follow-links';
import { decideLink } from '../../../node/scan-rules/link-policy';
import { RootIgnoreMatcher } from '../../../node/scan-rules/root-ignore';

/** What to skip and whom to tell. */
export interface FolderWatchOptions {
  ignorePatterns: readonly string[];
  includeHidden: boolean;
  followSymlinks: FollowLinks;
  /** Folders never watched, even inside the root (the data folder: its database changes all the time). */
  excluded: readonly string[];
  /** A file or folder was added, changed or deleted. */
  onPath(path: string): void;
  /** A rule changed (a .gitignore): the whole folder should be scanned again. */
  onRulesChanged(): void;
  onError(error: Error): void;
}

/** A running watcher. */
export interface FolderWatch {
  /** Resolves once the initial crawl is done and events flow. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

function inside(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir + sep);
}

/**
 * With every link followed, chokidar would still follow one to an ancestor (`up -> ..`) and watch
 * the whole parent tree: such links (the scan never follows them either) are ignored.
 */
function isAncestorLink(path: string, root: string): boolean {
  try {
    if (!lstatSync(path).isSymbolicLink()) return false;
    const decision = decideLink('all', { target: realpathSync(path), holder: realpathSync(dirname(path)), root });
    return !decision.follow && decision.reason !== null;
  } catch {
    // Gone or broken: nothing to follow; chokidar reports what it can.
    return false;
  }
}

/** Starts watching `root` (a real path). */
export function watchFolder(root: string, options: FolderWatchOptions): FolderWatch {
  const matcher = new RootIgnoreMatcher(root, { ignorePatterns: options.ignorePatterns, includeHidden: options.includeHidden });
  const ignored = (path: string, stats?: Stats): boolean =>
    options.excluded.some((dir) => inside(path, dir)) ||
    matcher.ignored(path, stats?.isDirectory() ?? false) ||
    (options.followSymlinks === 'all' && isAncestorLink(path, root));
  const watcher: FSWatcher = watch(root, {
    // The catch-up scan at start (and the folder's first run) covers what exists already.
    ignoreInitial: true,
    // Links within the folder need no following: their targets are watched under their own paths.
    followSymlinks: options.followSymlinks === 'all',
    ignored,
    persistent: true,
  });
  const onFile = (path: string): void => {
    if (basename(path) === '.gitignore') {
      matcher.forget(path);
      options.onRulesChanged();
      return;
    }
    options.onPath(path);
  };
  watcher.on('add', onFile);
  watcher.on('change', onFile);
  watcher.on('unlink', onFile);
  // A folder moved in is walked by the scan; one deleted takes its documents with it.
  watcher.on('addDir', (path) => options.onPath(path));
  watcher.on('unlinkDir', (path) => options.onPath(path));
  watcher.on('error', (error) => options.onError(error instanceof Error ? error : new Error(String(error))));
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return {
    ready,
    close: () => watcher.close(),
  };
}
