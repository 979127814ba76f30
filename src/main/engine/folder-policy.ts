/**
 * Which folders may be indexed: never the kernel's virtual file systems, the devices or the app's
 * own data folder (from anywhere), and from the web monitor only folders inside the roots that
 * `SEMANTIK_WEB_ROOTS` allows (none by default). The desktop window and the CLI add any other
 * folder: the person at the machine already reads what it reads.
 *
 * Every check runs on the real path (links resolved), so a link inside an allowed root cannot
 * point the index at a folder outside it.
 */
import { realpathSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { delimiter, isAbsolute, relative, resolve, sep } from 'node:path';
import { SemantikError } from '../../shared/errors';

/** Folders of the system that are never indexed, nor anything inside them. */
export const SYSTEM_FOLDERS: readonly string[] = ['/proc', '/sys', '/dev'];

/** True when `path` is `root` or lies inside it (both absolute and normalised). */
export function isInside(path: string, root: string): boolean {
  const rest = relative(root, path);
  return rest === '' || (!rest.startsWith(`..${sep}`) && rest !== '..' && !isAbsolute(rest));
}

/** `path` with links resolved when it exists; as given (normalised) when it does not. */
function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/**
 * Throws FORBIDDEN when the real folder `folder` is, or is inside, a system folder or the data
 * folder `dataDir` (whose index, secrets and Redis files must never become searchable text).
 */
export function assertIndexableFolder(folder: string, dataDir: string): void {
  const data = realOrSelf(dataDir);
  if (isInside(folder, data) || isInside(folder, resolve(dataDir))) {
    throw new SemantikError('FORBIDDEN', `${folder} is the app's data folder (or inside it), which is never indexed`);
  }
  const system = SYSTEM_FOLDERS.find((root) => isInside(folder, root));
  if (system !== undefined) {
    throw new SemantikError('FORBIDDEN', `${folder} is inside ${system}, a folder of the system that is never indexed`);
  }
}

/**
 * The roots of `SEMANTIK_WEB_ROOTS`: absolute folders separated by the OS's path list separator
 * (`:`, or `;` on Windows). Unset or blank: none, so the web monitor adds no folder at all.
 */
export function parseWebRoots(raw: string | undefined): string[] {
  const roots = (raw ?? '')
    .split(delimiter)
    .map((root) => root.trim())
    .filter((root) => root !== '');
  for (const root of roots) {
    if (!isAbsolute(root)) throw new SemantikError('BAD_INPUT', `SEMANTIK_WEB_ROOTS: "${root}" is not an absolute path`);
  }
  return roots.map((root) => resolve(root));
}

/**
 * The real path of a folder asked for from the web monitor, when it lies inside one of `roots`;
 * throws FORBIDDEN otherwise. The path is checked as written first (so that nothing is said about
 * what exists outside the roots), then again with its links resolved.
 */
export async function webFolder(path: string, roots: readonly string[]): Promise<string> {
  if (roots.length === 0) {
    throw new SemantikError(
      'FORBIDDEN',
      'The web monitor cannot add folders: set SEMANTIK_WEB_ROOTS to the folders it may add, or add it in the desktop app or with `semantik index`',
    );
  }
  if (!isAbsolute(path)) throw new SemantikError('BAD_INPUT', `Not an absolute path: ${path}`);
  const outside = (): SemantikError =>
    new SemantikError('FORBIDDEN', `${path} is outside the folders the web monitor may add (SEMANTIK_WEB_ROOTS: ${roots.join(delimiter)})`);
  const written = resolve(path);
  if (!roots.some((root) => isInside(written, root))) throw outside();
  let real: string;
  try {
    real = await realpath(written);
  } catch {
    throw new SemantikError('BAD_INPUT', `No such folder: ${path}`);
  }
  if (!roots.some((root) => isInside(real, realOrSelf(root)))) throw outside();
  return real;
}
