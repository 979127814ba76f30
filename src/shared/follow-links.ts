/**
 * The values of SEMANTIK_FOLLOW_SYMLINKS: which symbolic links a walk of an indexed folder follows
 * (the decision itself: src/node/scan-rules/link-policy.ts).
 */

/** `none`: no link is followed; `inside`: links within the indexed folder; `all`: also links out of it. */
export type FollowLinks = 'none' | 'inside' | 'all';

/** The setting's values, in the order the settings list shows them. */
export const FOLLOW_LINKS_CHOICES = ['inside', 'all', 'none'] as const satisfies readonly FollowLinks[];

/** SEMANTIK_FOLLOW_SYMLINKS's text as a mode; null when it is not one of them. */
export function parseFollowLinks(raw: string): FollowLinks | null {
  const value = raw.trim().toLowerCase();
  if (value === 'all') return 'all';
  // "on" and "1" were the setting's values when it was a switch: they mean the safe default.
  if (['inside', 'on', '1', 'true', 'yes'].includes(value)) return 'inside';
  if (['none', 'off', '0', 'false', 'no'].includes(value)) return 'none';
  return null;
}
