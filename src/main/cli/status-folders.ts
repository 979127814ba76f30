/**
 * The folders of `semantik status`: each folder's file counts from the store, the same counts the
 * monitor's folder row shows, and the pace of a run that is still going.
 */
import type { FolderInfo, FolderState } from '../../shared/monitor-types';
import { runPace, type RunPace } from '../../shared/run-pace';

/** One folder as `semantik status --json` lists it. */
export interface StatusFolder {
  id: number;
  path: string;
  state: FolderState;
  /** indexed + failed + skipped + pending: once the folder is done, pending is 0. */
  files: number;
  indexed: number;
  failed: number;
  skipped: number;
  pending: number;
  chunks: number;
  error: string | null;
  /** The latest run's id, or null for a folder that never ran. */
  runId: number | null;
  /** Elapsed time, rate and ETA of the latest run while it goes on; null once it has ended. */
  progress: RunPace | null;
}

/** Whether a folder's latest run is still going (so that its pace means something). */
function isGoing(state: FolderState): boolean {
  return state === 'scanning' || state === 'indexing' || state === 'paused';
}

/**
 * The status entry of each folder at `now` (ms).
 *
 * `paused` is whether the work queues are paused: a folder still indexing is then shown 'paused',
 * as the monitor shows it.
 */
export function statusFolders(folders: readonly FolderInfo[], paused: boolean, now: number): StatusFolder[] {
  return folders.map((folder) => {
    const state: FolderState = paused && folder.state === 'indexing' ? 'paused' : folder.state;
    return {
      id: folder.id,
      path: folder.path,
      state,
      files: folder.files,
      indexed: folder.indexed,
      failed: folder.failed,
      skipped: folder.skipped,
      pending: folder.pending,
      chunks: folder.chunks,
      error: folder.error,
      runId: folder.run?.runId ?? null,
      progress: folder.run !== null && isGoing(state) ? runPace(folder.run, now) : null,
    };
  });
}

/** The folders section of the human-readable status. */
export function folderLines(folders: readonly StatusFolder[]): string[] {
  if (folders.length === 0) return ['folders: none yet'];
  return [
    'folders:',
    ...folders.map((folder) => {
      const counts = `${folder.files} files: ${folder.indexed} indexed, ${folder.failed} failed, ${folder.skipped} skipped${folder.pending > 0 ? `, ${folder.pending} pending` : ''}`;
      return `  ${folder.path}: ${folder.state}, ${counts}${folder.progress ? `; ${paceText(folder.progress)}` : ''}${folder.error !== null ? ` (${folder.error})` : ''}`;
    }),
  ];
}

function paceText(pace: RunPace): string {
  const rate = pace.rate === null ? 'rate not known yet' : `${pace.rate} files/s ${pace.stage === 'scanning' ? 'scanned' : 'done'}`;
  const eta = pace.etaSeconds === null ? 'no ETA' : `about ${pace.etaSeconds} s left`;
  return `${pace.stage} for ${pace.elapsedSeconds} s, ${rate}, ${eta}`;
}
