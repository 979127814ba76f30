/**
 * The walker's rules (ignore-rules.ts) asked of one path at a time: for the folder watcher, which
 * must say synchronously whether to watch a path, and for a scan of the paths it reported.
 *
 * The walk builds its .gitignore layers on the way down; here the layers from the root to a path's
 * folder are read on demand (synchronously: a few small files, once per folder, cached) so that
 * both ask the same question and get the same answer.
 */
import { readFileSync } from 'node:fs';
import { dirname, relative, sep } from 'node:path';
import ignore from 'ignore';
import { inFolder, isIgnored, rootLayer, type IgnoreLayer } from './ignore-rules';

/** What the walk skips, besides .gitignore files. */
export interface RootIgnoreOptions {
  ignorePatterns?: readonly string[];
  /** @defaultValue false */
  includeHidden?: boolean;
}

/** Answers "would the walk of `root` skip this path?" */
export class RootIgnoreMatcher {
  private readonly root: IgnoreLayer;
  /** Folder → its .gitignore layer, or null when it has none. */
  private readonly layers = new Map<string, IgnoreLayer | null>();

  constructor(
    private readonly rootDir: string,
    private readonly options: RootIgnoreOptions = {},
  ) {
    this.root = rootLayer(rootDir, options.ignorePatterns ?? []);
  }

  /** True when `path` (under the root) is hidden or matched by the ignore rules. The root itself is never ignored. */
  ignored(path: string, isDir: boolean): boolean {
    const rel = relative(this.rootDir, path);
    if (rel === '') return false;
    if (rel.startsWith('..')) return true;
    const parts = rel.split(sep);
    if (!this.options.includeHidden && parts.some((part) => part.startsWith('.'))) return true;
    const chain: IgnoreLayer[] = [this.root];
    let dir = this.rootDir;
    // The layers of the root and of every folder between it and the path, outermost first.
    for (const part of [undefined, ...parts.slice(0, -1)]) {
      if (part !== undefined) dir = inFolder(dir) + part;
      const layer = this.layerOf(dir);
      if (layer) chain.push(layer);
    }
    return isIgnored(chain, path, isDir);
  }

  /** Forgets a folder's cached .gitignore (it changed). */
  forget(gitignorePath: string): void {
    this.layers.delete(dirname(gitignorePath));
  }

  private layerOf(dir: string): IgnoreLayer | null {
    let layer = this.layers.get(dir);
    if (layer === undefined) {
      layer = readLayer(dir);
      this.layers.set(dir, layer);
    }
    return layer;
  }
}

function readLayer(dir: string): IgnoreLayer | null {
  try {
    return { base: dir, rules: ignore().add(readFileSync(`${inFolder(dir)}.gitignore`, 'utf8')) };
  } catch {
    // Most folders have none; an unreadable one is treated the same way, as the walk does.
    return null;
  }
}
