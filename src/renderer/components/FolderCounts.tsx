import type { ReactElement } from 'react';
import type { FolderInfo } from '../../shared/monitor-types';
import { formatCount } from '../format';

/**
 * A folder's files and where each one stands: indexed, failed, skipped, pending.
 *
 * The same store counts as `semantik status` lists, so both add up the same way: the parts sum to
 * the files, and once the folder is done nothing is pending.
 */
export function FolderCounts({ folder }: { folder: FolderInfo }): ReactElement {
  return (
    <span
      className="row"
      data-testid="folder-counts"
      data-files={folder.files}
      data-indexed={folder.indexed}
      data-failed={folder.failed}
      data-skipped={folder.skipped}
      data-pending={folder.pending}
    >
      <span data-testid="folder-files">{formatCount(folder.files)} files</span>
      <span data-testid="folder-indexed">{formatCount(folder.indexed)} indexed</span>
      {folder.failed > 0 ? (
        <span className="error-text" data-testid="folder-failed">
          {formatCount(folder.failed)} failed
        </span>
      ) : null}
      {folder.skipped > 0 ? (
        <span
          className="muted"
          data-testid="folder-skipped"
          title="formats the app does not read, links and special files it does not follow"
        >
          {formatCount(folder.skipped)} skipped
        </span>
      ) : null}
      {folder.pending > 0 ? <span data-testid="folder-pending">{formatCount(folder.pending)} pending</span> : null}
    </span>
  );
}
