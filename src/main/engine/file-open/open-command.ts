/**
 * Opening a search hit at its place (a line of a text file, a page of a PDF) with a command the
 * user configures, because the OS's "open" has no way to say where: SEMANTIK_OPEN_COMMAND (for
 * example `code --goto {path}:{line}`) and SEMANTIK_OPEN_PDF_COMMAND (`evince --page-index={page}
 * {path}`, `okular -p {page} {path}`).
 *
 * The template is split into words once, and the placeholders are replaced inside those words: the
 * command runs without a shell, so a file name cannot inject anything.
 */
import { spawn } from 'node:child_process';
import { extname } from 'node:path';
import { SemantikError } from '../../../shared/errors';

/** Where to open a file; both 1-based, absent when unknown. */
export interface OpenPlace {
  line?: number;
  page?: number;
}

/** The placeholders a template may use. */
const PLACEHOLDERS = ['{path}', '{line}', '{page}'] as const;

/**
 * Splits a command template into words: whitespace separates them, single or double quotes keep
 * spaces inside one (no escapes, no variables: it is not a shell). Throws BAD_INPUT on an unclosed
 * quote, an empty template or one without `{path}`.
 */
export function parseOpenTemplate(template: string, setting: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let quote: '"' | "'" | null = null;
  for (const char of template) {
    if (quote !== null) {
      if (char === quote) quote = null;
      else word = (word ?? '') + char;
    } else if (char === '"' || char === "'") {
      quote = char;
      word ??= '';
    } else if (/\s/.test(char)) {
      if (word !== null) words.push(word);
      word = null;
    } else word = (word ?? '') + char;
  }
  if (quote !== null) throw new SemantikError('BAD_INPUT', `${setting}: unclosed ${quote} in "${template}"`);
  if (word !== null) words.push(word);
  if (words.length === 0) throw new SemantikError('BAD_INPUT', `${setting} is empty`);
  if (!words.some((one) => one.includes('{path}'))) throw new SemantikError('BAD_INPUT', `${setting} must contain {path}: "${template}"`);
  return words;
}

/** The command's words for one file: placeholders replaced (an unknown line or page is 1). */
export function expandOpenTemplate(words: readonly string[], path: string, place: OpenPlace = {}): string[] {
  const values: Record<(typeof PLACEHOLDERS)[number], string> = {
    '{path}': path,
    '{line}': String(place.line ?? 1),
    '{page}': String(place.page ?? 1),
  };
  return words.map((word) => PLACEHOLDERS.reduce((text, key) => text.split(key).join(values[key]), word));
}

/** Opens files with the configured commands; null from {@link commandFor} means "use the OS's". */
export interface OpenCommands {
  /** Words of SEMANTIK_OPEN_COMMAND, or null. */
  any: string[] | null;
  /** Words of SEMANTIK_OPEN_PDF_COMMAND, or null. */
  pdf: string[] | null;
}

/** The commands set in the environment (validated: a bad template stops the start with its reason). */
export function openCommandsFrom(env: NodeJS.ProcessEnv): OpenCommands {
  const read = (name: string): string[] | null => {
    const value = env[name]?.trim();
    return value ? parseOpenTemplate(value, name) : null;
  };
  return { any: read('SEMANTIK_OPEN_COMMAND'), pdf: read('SEMANTIK_OPEN_PDF_COMMAND') };
}

/** The command for `path`, or null when none is configured for its kind. */
export function commandFor(commands: OpenCommands, path: string): string[] | null {
  return extname(path).toLowerCase() === '.pdf' ? (commands.pdf ?? commands.any) : commands.any;
}

/**
 * Starts the command for `path` at `place`, detached (an editor outlives the app); resolves once it
 * has started, rejects with UNAVAILABLE when it cannot be (not installed, not executable).
 */
export function runOpenCommand(words: readonly string[], path: string, place: OpenPlace = {}): Promise<void> {
  const [program, ...args] = expandOpenTemplate(words, path, place);
  return new Promise((resolveStart, reject) => {
    const child = spawn(program!, args, { detached: true, stdio: 'ignore', shell: false });
    child.once('error', (error) =>
      reject(new SemantikError('UNAVAILABLE', `Cannot run the open command "${program}": ${error.message}`, { cause: error })),
    );
    child.once('spawn', () => {
      child.unref();
      resolveStart();
    });
  });
}

/** What was done: the file opened, or shown in its folder with a message saying why (open-or-reveal.ts). */
export type OpenOutcome = { kind: 'opened' } | { kind: 'revealed'; message: string };

/** Opens and reveals files for the `files:*` calls (the desktop app's uses the OS, see electron/main.ts). */
export interface FileOpener {
  /** Opens the file, or shows it in its folder instead when opening could run it (open-or-reveal.ts). */
  open(path: string, place?: OpenPlace): Promise<OpenOutcome>;
  reveal(path: string): Promise<void>;
}

/**
 * Without the desktop app (`semantik serve`), files open only through a configured command, on the
 * machine the engine runs on; null when none is configured.
 */
export function commandOpener(commands: OpenCommands): FileOpener | null {
  if (commands.any === null && commands.pdf === null) return null;
  return {
    open: async (path, place) => {
      const words = commandFor(commands, path);
      if (words === null)
        throw new SemantikError('UNAVAILABLE', `No open command for ${extname(path) || 'this kind of'} file (SEMANTIK_OPEN_COMMAND)`);
      await runOpenCommand(words, path, place);
      return { kind: 'opened' };
    },
    reveal: async () => {
      throw new SemantikError('UNAVAILABLE', 'Showing a file in its folder works in the desktop app');
    },
  };
}
