/**
 * Which symbolic links a walk follows (SEMANTIK_FOLLOW_SYMLINKS). A link is a way out of the folder
 * a person chose to index: by default only links that stay inside it are honoured, links out of it
 * are followed only when asked (`all`), and a link to an ancestor (`up -> ..`) never, since it
 * would bring the whole parent tree, the indexed folder included, in again.
 */
import { sep } from 'node:path';
import type { FollowLinks } from '../../shared/follow-links';

/**
 * What to do with one link: follow it, skip it with a reason for the folder's skipped list, or
 * skip it silently (its target is walked under its own path anyway, or the person turned links off).
 */
export type LinkDecision = { follow: true } | { follow: false; reason: string | null };

/** `path` is `dir` or below it (both real, absolute paths). */
export function isWithin(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

/** What a link is. */
export interface LinkFacts {
  /** The link's target, resolved to a real path. */
  target: string;
  /** Real path of the folder that holds the link. */
  holder: string;
  /** Real path of the indexed folder. */
  root: string;
}

/** Whether to follow a link under `mode`. Pure: tested on its own. */
export function decideLink(mode: FollowLinks, { target, holder, root }: LinkFacts): LinkDecision {
  if (mode === 'none') return { follow: false, reason: null };
  if (isWithin(root, target) || isWithin(holder, target)) {
    return { follow: false, reason: `symbolic link to an ancestor folder (${target}): never followed, it would loop` };
  }
  // The walk reaches the target under its own path: following the link would index it twice.
  if (isWithin(target, root)) return { follow: false, reason: null };
  if (mode === 'inside') {
    return {
      follow: false,
      reason: `symbolic link out of the indexed folder (to ${target}): not followed (SEMANTIK_FOLLOW_SYMLINKS=all follows it)`,
    };
  }
  return { follow: true };
}
