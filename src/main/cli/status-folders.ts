/**
 * The folders section of `semantik status` as text.
 */
import type { RunPace } from '../../shared/run-pace';
import type { StatusFolder } from '../../shared/instance-status';

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
