/**
 * A folder's failed and skipped files grouped by reason, and the filter over them: a list of
 * thousands of files reads as a few reasons with their counts.
 *
 * Pure (no DOM, no React): unit-tested in Node.
 */
import type { FileProblem } from '../../shared/monitor-types';

/** Files that share a reason (up to its per-file details) and a state. */
export interface ProblemGroup {
  /** The state and the reason with its details taken out: equal for every file of the group. */
  key: string;
  state: FileProblem['state'];
  /** The reason as a heading: a detail all its files share is kept, one that differs shows as "…". */
  label: string;
  /** The group's files, in the order the list gave them (by path). */
  files: FileProblem[];
}

/** A group as the filter leaves it: only its files that match (all of them without a filter). */
export interface VisibleGroup {
  group: ProblemGroup;
  files: FileProblem[];
}

/** What stands for a detail that differs between the files of one group. */
export const DETAIL_MARK = '…';

/**
 * The per-file details in the reasons the workers and the scan write, which would otherwise make
 * nearly every reason unique:
 * - absolute paths (a link's target, a path inside a system error such as `stat '/a/b'`), not a
 *   relative name inside a document such as `word/document.xml`;
 * - hexadecimal bytes (`byte 0x9f`, a file name's raw bytes `666f6fff`);
 * - numbers standing alone (a size `12.3 MB`, an offset, a page count, an exit code), not those
 *   that are part of a name (`UTF-8`, `.mp4`).
 * A reason is normalised by replacing each with a mark; plural endings are dropped from the key
 * only, so that "1 bad byte" and "3 bad bytes" share a group.
 */
const DETAIL = new RegExp(
  [
    String.raw`(?:(?<![\w.~-])\/|\b[A-Za-z]:\\)[^\s'"()]+`,
    String.raw`\b0x[0-9a-fA-F]+\b`,
    String.raw`\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{4,}\b`,
    String.raw`(?<![\w.-])\d+(?:[.,]\d+)*(?![\w-])`,
  ].join('|'),
  'g',
);

/** A reason cut at its details: `literals` has one more entry than `details`. */
interface SplitReason {
  literals: string[];
  details: string[];
}

function splitReason(reason: string): SplitReason {
  const literals: string[] = [];
  const details: string[] = [];
  let from = 0;
  for (const match of reason.matchAll(DETAIL)) {
    literals.push(reason.slice(from, match.index));
    details.push(match[0]);
    from = match.index + match[0].length;
  }
  literals.push(reason.slice(from));
  return { literals, details };
}

/** The reason with every per-file detail replaced by the mark (see DETAIL). */
export function normaliseReason(reason: string): string {
  return splitReason(reason).literals.join(DETAIL_MARK);
}

function groupKey(problem: FileProblem): string {
  return `${problem.state}:${normaliseReason(problem.reason).replace(/\b([A-Za-z]{3,})s\b/g, '$1')}`;
}

/** The first file's reason, each detail kept where every file has the same one. */
function groupLabel(files: readonly FileProblem[]): string {
  const [first, ...rest] = files.map((file) => splitReason(file.reason));
  // A group is never empty: it is made from the file that opened it.
  const { literals, details } = first!;
  const shared = details.map((detail, index) => rest.every((other) => other.details[index] === detail));
  return literals
    .map((literal, index) => (index < details.length ? literal + (shared[index] ? details[index] : DETAIL_MARK) : literal))
    .join('');
}

/** Groups the problems by state and normalised reason, the largest group first. */
export function groupProblems(problems: readonly FileProblem[]): ProblemGroup[] {
  const byKey = new Map<string, FileProblem[]>();
  for (const problem of problems) {
    const key = groupKey(problem);
    const files = byKey.get(key);
    if (files) files.push(problem);
    else byKey.set(key, [problem]);
  }
  // Every group holds the file that opened it, so files[0] exists.
  const groups = [...byKey].map(([key, files]) => ({ key, state: files[0]!.state, label: groupLabel(files), files }));
  // Ties: failed before skipped (those can be retried), then by reason, so the order is stable.
  return groups.sort((a, b) => b.files.length - a.files.length || a.state.localeCompare(b.state) || a.label.localeCompare(b.label, 'en'));
}

/** How the list names a state: an unsupported file is one the app skipped. */
export function stateWord(state: FileProblem['state']): 'failed' | 'skipped' {
  return state === 'failed' ? 'failed' : 'skipped';
}

/** A file's path inside its folder (as the list shows it); the path itself when it lies elsewhere. */
export function pathInFolder(path: string, folder: string): string {
  const root = folder.replace(/[/\\]+$/, '');
  const rest = path.slice(root.length);
  return path.startsWith(root) && /^[/\\]./.test(rest) ? rest.slice(1) : path;
}

/**
 * The groups with the files whose path inside `folder` or reason (with its state word) holds
 * every word of `query`, ignoring case; groups without such files are left out. The folder's own
 * path is left out of the match, since every file would match it.
 */
export function filterGroups(groups: readonly ProblemGroup[], query: string, folder: string): { groups: VisibleGroup[]; matches: number } {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) {
    return { groups: groups.map((group) => ({ group, files: group.files })), matches: groups.reduce((sum, g) => sum + g.files.length, 0) };
  }
  const visible: VisibleGroup[] = [];
  let matches = 0;
  for (const group of groups) {
    const files = group.files.filter((file) => {
      const haystack = `${pathInFolder(file.path, folder)}\n${stateWord(file.state)}: ${file.reason}`.toLowerCase();
      return terms.every((term) => haystack.includes(term));
    });
    if (files.length === 0) continue;
    visible.push({ group, files });
    matches += files.length;
  }
  return { groups: visible, matches };
}

/** Up to this many files in view, every group starts open; above it, only the groups show. */
export const OPEN_ALL_UP_TO = 20;

/** Whether a group shows its files: as the person toggled it, else open when the list in view is short. */
export function isGroupOpen(key: string, toggled: Readonly<Record<string, boolean>>, filesInView: number): boolean {
  return toggled[key] ?? filesInView <= OPEN_ALL_UP_TO;
}
