/**
 * The store's answer to what a job names: a scan's folder by source id, an extract batch's files
 * by document id. A path is used only when it lies under a registered folder (lexically, after
 * resolving: no `..` escapes); anything else is refused with a reason that names ids, not paths.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { ExtractFile } from '../shared/jobs';
import type { Store } from '../node/store/store';
import type { SourceRow } from '../node/store/store-types';

/** A checked reference, or why it was refused. */
export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

/** A file of an extract batch, with its path from the store. */
export interface ExtractTarget extends ExtractFile {
  path: string;
  /** Indexed already with the batch's size and mtime: a retried batch skips it. */
  indexed: boolean;
}

/** Whether `path` is `root` or lies below it, once both are resolved. */
export function isWithin(root: string, path: string): boolean {
  if (!isAbsolute(path)) return false;
  const rel = relative(resolve(root), resolve(path));
  // `..` alone or as the first segment leaves the folder; a name such as `..notes` does not.
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

function activeSource(store: Store, sourceId: number): SourceRow | null {
  const source = store.getSource(sourceId);
  return source && !source.removed ? source : null;
}

/** The folder a scan job may walk: its run's source, registered and not removed. */
export function scanSource(store: Store, runId: number, sourceId: number): Checked<SourceRow> {
  const source = activeSource(store, sourceId);
  if (!source) return { ok: false, reason: `source ${sourceId} is not a registered folder` };
  const run = store.getRun(runId);
  if (!run || run.sourceId !== sourceId) return { ok: false, reason: `run ${runId} is not a run of source ${sourceId}` };
  return { ok: true, value: source };
}

/** Changed paths a watcher named: each must lie under the folder. */
export function pathsUnder(source: SourceRow, paths: unknown): Checked<string[]> {
  if (!Array.isArray(paths) || !paths.every((path): path is string => typeof path === 'string')) {
    return { ok: false, reason: 'changed paths are not a list of paths' };
  }
  const outside = paths.filter((path) => !isWithin(source.path, path)).length;
  if (outside > 0) return { ok: false, reason: `${outside} changed path(s) lie outside source ${source.id}` };
  return { ok: true, value: paths };
}

/**
 * The files of an extract batch with their paths from the store. Every document must belong to
 * the run's registered folder and lie under it; a document deleted since the scan is left out.
 */
export function extractTargets(store: Store, runId: number, files: readonly ExtractFile[]): Checked<ExtractTarget[]> {
  const run = store.getRun(runId);
  if (!run) return { ok: false, reason: `run ${runId} is not in the store` };
  const source = activeSource(store, run.sourceId);
  if (!source) return { ok: false, reason: `run ${runId}'s source ${run.sourceId} is not a registered folder` };
  const targets: ExtractTarget[] = [];
  for (const file of files) {
    const doc = store.getDocument(file.docId);
    if (!doc) continue;
    if (doc.sourceId !== source.id) return { ok: false, reason: `document ${file.docId} is not in run ${runId}'s source ${source.id}` };
    if (!isWithin(source.path, doc.path)) return { ok: false, reason: `document ${file.docId}'s path lies outside source ${source.id}` };
    targets.push({ ...file, path: doc.path, indexed: doc.state === 'indexed' && doc.size === file.size && doc.mtimeMs === file.mtimeMs });
  }
  return { ok: true, value: targets };
}
