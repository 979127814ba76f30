/**
 * Starting an indexing run of a folder: validate the path, record the source and the run in the
 * store, enqueue the scan job. Shared by the API handlers and the CLI (which may talk to another
 * instance's Redis).
 */
import { constants } from 'node:fs';
import { access, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute } from 'node:path';
import { SemantikError } from '../../shared/errors';
import type { ScanJobData } from '../../shared/jobs';
import type { Store } from '../../node/store/store';
import { assertIndexableFolder } from './folder-policy';
import type { QueueSet } from './queue-set';

/** Checks that `path` is an absolute, existing, readable folder; returns its real path. */
export async function validateFolder(path: string): Promise<string> {
  if (!isAbsolute(path)) throw new SemantikError('BAD_INPUT', `Not an absolute path: ${path}`);
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new SemantikError('BAD_INPUT', `No such folder: ${path}`);
  }
  if (!info.isDirectory()) throw new SemantikError('BAD_INPUT', `${path} is a file, not a folder: add the folder that contains it`);
  try {
    await access(path, constants.R_OK | constants.X_OK);
  } catch {
    throw new SemantikError('BAD_INPUT', `Cannot read the folder ${path}: permission denied`);
  }
  return realpath(path);
}

/** Records the folder (if new) and a run, and queues its scan; returns source and run ids. */
export async function startIndexRun(
  store: Store,
  queues: QueueSet,
  path: string,
): Promise<{ sourceId: number; runId: number; path: string }> {
  const folder = await validateFolder(path);
  // The store's file lives in the data folder, which is never indexed.
  assertIndexableFolder(folder, dirname(store.path));
  const source = store.addSource(folder);
  const runId = store.createRun(source.id);
  // The scan takes the folder from the store by source id: the job names no path.
  const data: ScanJobData = { runId, sourceId: source.id };
  await queues.addSigned('scan', 'scan', data, { jobId: `s-${runId}`, attempts: 3 });
  return { sourceId: source.id, runId, path: folder };
}
