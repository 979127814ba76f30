/**
 * Walks a folder for regular files: ignore rules and hidden names honoured (ignore-rules.ts),
 * symbolic links followed as the link policy says (link-policy.ts) without loops or duplicates,
 * in a stable order. Named pipes, sockets and devices are skipped with a reason, never opened.
 */
import { lstatSync, readdirSync, type Stats } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { join } from 'node:path';
import type { FollowLinks } from '../../shared/follow-links';
import { gitignoreLayer, inFolder, isIgnored, rootLayer, type IgnoreLayer } from '../../node/scan-rules/ignore-rules';
import { decideLink, isWithin } from '../../node/scan-rules/link-policy';

/** A file the walk found, with what `lstat`/`stat` said of it. */
export interface WalkedFile {
  path: string;
  size: number;
  mtimeMs: number;
}

/**
 * An entry the walk passed over, and why: a problem (unreadable, vanished, broken link), or, when
 * `skipped`, an entry it leaves out on purpose (a link it does not follow, a named pipe).
 */
export interface WalkProblem {
  path: string;
  reason: string;
  skipped?: true;
}

/** What to walk. */
export interface WalkOptions {
  /** Extra .gitignore-style patterns, applied from the root. @defaultValue [] */
  ignorePatterns?: readonly string[];
  /** Walk names starting with a dot. @defaultValue false */
  includeHidden?: boolean;
  /** Which symbolic links to follow (SEMANTIK_FOLLOW_SYMLINKS). @defaultValue 'inside' */
  followSymlinks?: FollowLinks;
  /** Told about each entry passed over for a problem or skipped with a reason. */
  onProblem: (problem: WalkProblem) => void;
}

interface Folder {
  path: string;
  /** The folder's real path, known without a system call except below a link. */
  real: string;
  layers: readonly IgnoreLayer[];
}

/** What a non-regular, non-folder entry is, for the reason it is skipped. */
export function specialKind(info: Stats): string | null {
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  return null;
}

/**
 * Yields every regular file under `root` (a real path), depth first, in name order.
 *
 * A link into the tree is skipped (the walk reaches its target anyway); a link to an ancestor is
 * never followed; a link out of the tree is followed only with `followSymlinks: 'all'`, walked
 * under the link's path, each outside folder and file once. A folder that cannot be read, an entry
 * that vanishes, a link not followed and a named pipe, socket or device go to `onProblem`.
 */
export async function* walkFiles(root: string, options: WalkOptions): AsyncGenerator<WalkedFile> {
  for await (const files of walkFolders(root, options)) yield* files;
}

/**
 * walkFiles a folder at a time: the regular files of each folder walked (none is yielded empty).
 * A scan of an unchanged folder does little per file, and an await per file was a large part of it.
 */
export async function* walkFolders(root: string, options: WalkOptions): AsyncGenerator<WalkedFile[]> {
  const { onProblem, includeHidden = false, followSymlinks = 'inside' } = options;
  const visited = new Set<string>([root]);
  const outsideFiles = new Set<string>();
  const stack: Folder[] = [{ path: root, real: root, layers: [rootLayer(root, options.ignorePatterns ?? [])] }];
  const pace = new Pace();
  while (stack.length > 0) {
    // The loop condition guarantees an element.
    const folder = stack.pop()!;
    if (pace.due()) await nextTurn();
    const names = readNames(folder.path, onProblem);
    if (names === null) continue;
    const own = names.includes('.gitignore') ? await gitignoreLayer(folder.path) : null;
    const layers = own ? [...folder.layers, own] : folder.layers;
    const subfolders: Folder[] = [];
    const walked = includeHidden ? names : names.filter((name) => !name.startsWith('.'));
    // A name holds no separator and the folder's paths are normalized: joining with inFolder is
    // path.join's result without its normalizing pass.
    const inPath = inFolder(folder.path);
    const inReal = inFolder(folder.real);
    const paths = walked.map((name) => inPath + name);
    const infos = await lstatAll(paths, pace);
    const files: WalkedFile[] = [];
    for (const [i, name] of walked.entries()) {
      const path = paths[i]!;
      let info = infos[i]!;
      let real = inReal + name;
      try {
        if (info instanceof Error) throw info;
        if (info.isSymbolicLink()) {
          if (followSymlinks === 'none') continue;
          real = await realpath(path).catch((error: Error) => {
            throw new Error(`broken symbolic link (${error.message})`);
          });
          const decision = decideLink(followSymlinks, { target: real, holder: folder.real, root });
          if (!decision.follow) {
            // Named only when the rules would otherwise have walked it (a skipped link in an ignored folder says nothing).
            if (decision.reason !== null && !isIgnored(layers, path, (await stat(real)).isDirectory())) {
              onProblem({ path, reason: `skipped: ${decision.reason}`, skipped: true });
            }
            continue;
          }
          info = await stat(real);
        }
      } catch (error) {
        onProblem({ path, reason: `skipped: ${(error as Error).message}` });
        continue;
      }
      if (isIgnored(layers, path, info.isDirectory())) continue;
      if (info.isDirectory()) {
        if (visited.has(real)) continue;
        visited.add(real);
        subfolders.push({ path, real, layers });
      } else if (info.isFile()) {
        if (!isWithin(real, root)) {
          if (outsideFiles.has(real)) continue;
          outsideFiles.add(real);
        }
        files.push({ path, size: info.size, mtimeMs: info.mtimeMs });
      } else {
        const kind = specialKind(info);
        // Opening a FIFO blocks until a writer comes, a device may never end: neither is read.
        if (kind) onProblem({ path, reason: `skipped: ${kind}, not a regular file`, skipped: true });
      }
    }
    if (files.length > 0) yield files;
    // Reverse so that popping visits subfolders in name order.
    for (const sub of subfolders.reverse()) stack.push(sub);
  }
}

/**
 * A folder's entry names in order, or null (told to `onProblem`) when it cannot be read. Names are
 * read as bytes: a name that is not UTF-8 would otherwise be decoded with replacement characters
 * into a path that does not exist, and vanish without a word.
 *
 * Read with the synchronous call, as the entries' `lstat`s are (lstatAll): a folder of a hundred
 * cached entries is read in tens of microseconds, and the promise form's thread-pool round trip
 * per folder was most of the time a re-scan of an unchanged tree spent waiting. The cost is the
 * one the `lstat`s already carry: on a slow network share the process waits on the call itself.
 */
function readNames(folder: string, onProblem: WalkOptions['onProblem']): string[] | null {
  const names: string[] = [];
  try {
    for (const raw of readdirSync(folder, { encoding: 'buffer' })) {
      const name = utf8Name(raw);
      if (name === null) {
        onProblem({
          path: join(folder, raw.toString('latin1')),
          reason: `file name is not valid UTF-8 (bytes ${raw.toString('hex')}): rename it to index it`,
        });
      } else names.push(name);
    }
  } catch (error) {
    onProblem({ path: folder, reason: `cannot read folder: ${(error as Error).message}` });
    return null;
  }
  return names.sort();
}

/**
 * System calls the walk makes one after the other (a folder's read, its entries' `lstat`s) before
 * it lets other work of the process run. A synchronous `lstat` of a cached entry takes a few
 * microseconds; the promise form costs ten to thirty times that in thread-pool round trips, which
 * made re-scanning an unchanged folder many times slower than `find`. A batch blocks the event
 * loop for about a millisecond in a tree of small folders. A folder's read counts as one call:
 * one of a hundred thousand names is read, decoded and sorted in one longer block.
 */
const CALLS_PER_TURN = 256;

/**
 * Counts the walk's synchronous calls: `due` says when CALLS_PER_TURN have passed since the last
 * turn of the event loop (`nextTurn`). Checked without an await, which would cost a hop per file.
 */
class Pace {
  private calls = 0;

  due(): boolean {
    this.calls += 1;
    if (this.calls < CALLS_PER_TURN) return false;
    this.calls = 0;
    return true;
  }
}

/** `lstat` of each path; an entry that fails (vanished, unreadable) holds its error. */
async function lstatAll(paths: readonly string[], pace: Pace): Promise<Array<Stats | Error>> {
  const infos: Array<Stats | Error> = [];
  for (const path of paths) {
    if (pace.due()) await nextTurn();
    try {
      infos.push(lstatSync(path));
    } catch (error) {
      infos.push(error as Error);
    }
  }
  return infos;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A file name's bytes as UTF-8 text, or null when they are not valid UTF-8. */
export function utf8Name(raw: Uint8Array): string | null {
  try {
    return utf8.decode(raw);
  } catch {
    return null;
  }
}
