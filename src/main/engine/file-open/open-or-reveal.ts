/**
 * Opening a search hit with the OS's default app must never run it: a `.bat` opened on Windows is
 * executed, a `.desktop` file or an executable on Linux may be, a `.command` on macOS is. Such hits
 * are shown in their folder instead, with a message that says why. A command the user configured
 * (SEMANTIK_OPEN_COMMAND, an editor) gets the file as an argument and is used for every file.
 */
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { assertNever } from '../../../shared/errors';
import { commandFor, runOpenCommand, type OpenCommands, type OpenOutcome, type OpenPlace } from './open-command';

/**
 * Extensions the OS runs (or installs, or lets run code) when such a file is opened: Windows'
 * executables and script hosts, shell scripts, Java archives, application bundles and launchers.
 */
export const RUNNABLE_EXTENSIONS: ReadonlySet<string> = new Set([
  // Windows programs, installers, shortcuts and script hosts.
  ...['.exe', '.com', '.bat', '.cmd', '.msi', '.msp', '.scr', '.pif', '.cpl', '.lnk', '.url', '.reg', '.inf', '.msc', '.hta'],
  ...['.ps1', '.psm1', '.psd1', '.vbs', '.vbe', '.js', '.jse', '.wsf', '.wsh', '.application', '.appref-ms', '.gadget'],
  // Scripts of Unix shells and interpreters that a desktop may run on double click.
  ...['.sh', '.bash', '.zsh', '.csh', '.ksh', '.fish', '.command', '.tool', '.py', '.pyw', '.pl', '.rb', '.php'],
  // Archives and bundles that start programs, and Linux launchers and packages.
  ...['.jar', '.app', '.desktop', '.appimage', '.run', '.bin', '.elf', '.workflow', '.action', '.scpt', '.deb', '.rpm', '.pkg'],
]);

/** Why `path` (whose mode bits are `mode`) would run when opened by the OS, or null when it would not. */
export function runnableReason(path: string, mode: number): string | null {
  const extension = extname(path).toLowerCase();
  if (RUNNABLE_EXTENSIONS.has(extension)) return `it is a script or program (${extension})`;
  if ((mode & 0o111) !== 0) return 'it is marked executable';
  return null;
}

/** What opening a file comes to. */
export type OpenAction = { kind: 'command'; words: string[] } | { kind: 'default' } | { kind: 'reveal'; reason: string };

/** Decides how to open `path` (mode bits `mode`): the configured command, the OS's app, or its folder. */
export function openAction(path: string, mode: number, commands: OpenCommands): OpenAction {
  const words = commandFor(commands, path);
  if (words !== null) return { kind: 'command', words };
  const reason = runnableReason(path, mode);
  return reason === null ? { kind: 'default' } : { kind: 'reveal', reason };
}

/** The OS's two ways of showing a file (Electron's `shell` in the desktop app). */
export interface OsFileShell {
  openDefault(path: string): Promise<void>;
  reveal(path: string): Promise<void>;
}

/** Opens `path` at `place` by {@link openAction}. */
export async function openOrReveal(path: string, place: OpenPlace, commands: OpenCommands, os: OsFileShell): Promise<OpenOutcome> {
  const action = openAction(path, (await stat(path)).mode, commands);
  switch (action.kind) {
    case 'command':
      await runOpenCommand(action.words, path, place);
      return { kind: 'opened' };
    case 'default':
      await os.openDefault(path);
      return { kind: 'opened' };
    case 'reveal':
      await os.reveal(path);
      return {
        kind: 'revealed',
        message: `${basename(path)} is shown in its folder, not opened: ${action.reason}, and opening it could run it`,
      };
    default:
      return assertNever(action, 'open action');
  }
}
