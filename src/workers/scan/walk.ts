/**
 * Walks a folder for regular files, without following symbolic links (so no loops), skipping the
 * folders no one wants indexed (version control, dependency caches).
 */
import { opendir, lstat } from 'node:fs/promises';
import { join } from 'node:path';

/** Folder names never descended into. */
export const IGNORED_DIRS: ReadonlySet<string> = new Set(['.git', '.hg', '.svn', 'node_modules', '__pycache__', '.venv', '.cache']);

export interface WalkedFile {
  path: string;
  size: number;
  mtimeMs: number;
}

export interface WalkProblem {
  path: string;
  reason: string;
}

/**
 * Yields every regular file under `root`, depth first, in name order (stable across runs).
 *
 * A subfolder that cannot be read, or a file that vanishes between listing and stat, is reported
 * through `onProblem` and skipped: one bad entry never stops the walk.
 */
export async function* walkFiles(root: string, onProblem: (problem: WalkProblem) => void): AsyncGenerator<WalkedFile> {
  const stack = [root];
  while (stack.length > 0) {
    // The loop condition guarantees an element.
    const dir = stack.pop()!;
    let names: string[];
    try {
      const handle = await opendir(dir);
      names = [];
      for await (const entry of handle) names.push(entry.name);
    } catch (error) {
      onProblem({ path: dir, reason: `cannot read folder: ${(error as Error).message}` });
      continue;
    }
    names.sort();
    const subdirs: string[] = [];
    for (const name of names) {
      const path = join(dir, name);
      let info;
      try {
        info = await lstat(path);
      } catch (error) {
        onProblem({ path, reason: `vanished or unreadable during the scan: ${(error as Error).message}` });
        continue;
      }
      if (info.isDirectory()) {
        if (!IGNORED_DIRS.has(name)) subdirs.push(path);
      } else if (info.isFile()) {
        yield { path, size: info.size, mtimeMs: info.mtimeMs };
      }
    }
    // Reverse so that popping visits subfolders in name order.
    for (const sub of subdirs.reverse()) stack.push(sub);
  }
}
