import type { ReactElement } from 'react';
import type { FolderInfo } from '../../shared/monitor-types';
import { useCanWrite } from '../state/app-slice';
import { folderActions } from '../state/folders-slice';
import { problemActions, useFolderProblems } from '../state/problems-slice';

/** A folder's failed and skipped files with their reasons, and a retry of the failed ones. */
export function FolderProblems({ folder }: { folder: FolderInfo }): ReactElement | null {
  const problems = useFolderProblems(folder.id);
  const canWrite = useCanWrite();
  if (problems === undefined) return null;
  if (problems === 'loading') return <p className="muted small">Loading the failed files…</p>;
  const failed = problems.filter((problem) => problem.state === 'failed').length;
  return (
    <div className="folder-problems" data-testid="folder-problems">
      <ul>
        {problems.map((problem) => (
          <li key={problem.path} data-testid="folder-problem" data-state={problem.state}>
            <span className="path">{problem.path}</span>
            <span className={problem.state === 'failed' ? 'error-text' : 'muted'}>
              {' '}
              {problem.state === 'failed' ? 'failed' : 'skipped'}: {problem.reason}
            </span>
          </li>
        ))}
      </ul>
      {failed > 0 ? (
        <button
          type="button"
          className="small-button"
          data-testid="folder-retry-failed"
          disabled={!canWrite}
          // A re-index queues the failed files again and skips every unchanged good one cheaply.
          onClick={() => void folderActions.reindex(folder).then(() => problemActions.close(folder.id))}
        >
          Retry the {failed} failed
        </button>
      ) : null}
    </div>
  );
}
