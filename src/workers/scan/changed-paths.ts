/**
 * A scan of some paths of a folder (those the watcher saw change) instead of the whole folder:
 * the files among them that the walk would index, and the ones that are gone.
 */
import { lstat, realpath, stat } from 'node:fs/promises';
import { dirname, sep } from 'node:path';
import { decideLink, isWithin } from '../../node/scan-rules/link-policy';
import { specialKind, walkFiles, type WalkedFile, type WalkOptions } from './walk';
import { RootIgnoreMatcher } from '../../node/scan-rules/root-ignore';

/** Where the paths went: each gone path (a file, or a folder with everything below it). */
export interface ChangedPathsResult {
  gone: string[];
}

/**
 * Yields the files among `paths` (and below those that are folders) that a walk of `root` would
 * yield, with the same rules: ignore patterns and .gitignore files, hidden names, symbolic links
 * (link-policy.ts), named pipes and devices. Paths that no longer exist, or that the rules now
 * skip, are added to `result.gone`; those skipped with a reason also go to `onProblem`.
 */
export async function* changedFiles(
  root: string,
  paths: readonly string[],
  options: WalkOptions,
  result: ChangedPathsResult,
): AsyncGenerator<WalkedFile> {
  const matcher = new RootIgnoreMatcher(root, options);
  const followSymlinks = options.followSymlinks ?? 'inside';
  const unique = [...new Set(paths)].filter((path) => isWithin(path, root) && path !== root).sort();
  // A folder's walk yields files that may also be named on their own: each is yielded once.
  const yielded = new Set<string>();
  for (const path of unique) {
    if (yielded.has(path)) continue;
    let info;
    try {
      info = await lstat(path);
      if (info.isSymbolicLink()) {
        if (followSymlinks === 'none') {
          result.gone.push(path);
          continue;
        }
        const real = await realpath(path);
        // The folder holding the link is inside the root, below any link: its real path is the root's plus the rest.
        const holder = await realpath(dirname(path));
        const decision = decideLink(followSymlinks, { target: real, holder, root });
        if (!decision.follow) {
          result.gone.push(path);
          if (decision.reason !== null) options.onProblem({ path, reason: `skipped: ${decision.reason}`, skipped: true });
          continue;
        }
        info = await stat(real);
      }
    } catch {
      // Deleted (or a broken link): its document, or everything below a deleted folder, goes.
      result.gone.push(path);
      continue;
    }
    if (matcher.ignored(path, info.isDirectory())) {
      result.gone.push(path);
      continue;
    }
    if (info.isDirectory()) {
      // A folder moved or copied in: walk it with the same rules; what was below it and is no
      // longer there goes (the caller compares with the files yielded).
      result.gone.push(path);
      for await (const file of walkFiles(path, options)) {
        if (yielded.has(file.path) || matcher.ignored(file.path, false)) continue;
        yielded.add(file.path);
        yield file;
      }
    } else if (info.isFile()) {
      yielded.add(path);
      yield { path, size: info.size, mtimeMs: info.mtimeMs };
    } else {
      result.gone.push(path);
      const kind = specialKind(info);
      if (kind) options.onProblem({ path, reason: `skipped: ${kind}, not a regular file`, skipped: true });
    }
  }
}

/** A test for "is this path one of `gone`, or below one of them?", in time proportional to its depth. */
export function belowAny(gone: readonly string[]): (path: string) => boolean {
  const set = new Set(gone);
  return (path) => {
    for (let at = path; ;) {
      if (set.has(at)) return true;
      const cut = at.lastIndexOf(sep);
      if (cut <= 0) return false;
      at = at.slice(0, cut);
    }
  };
}
