import { useState, type ReactElement } from 'react';
import type { FolderInfo } from '../../shared/monitor-types';
import { formatCount } from '../format';
import { useCanWrite } from '../state/app-slice';
import { folderActions, useFoldersUi } from '../state/folders-slice';
import { problemActions, useFolderProblems } from '../state/problems-slice';
import { FolderCounts } from './FolderCounts';
import { FolderProblems } from './FolderProblems';
import { FolderProgress } from './FolderProgress';

/** One folder: path, state, counts, error, live progress, and its actions. */
export function FolderRow({ folder }: { folder: FolderInfo }): ReactElement {
  const busy = useFoldersUi((state) => state.busy.includes(folder.id));
  const canWrite = useCanWrite();
  const [confirming, setConfirming] = useState(false);
  const problemsOpen = useFolderProblems(folder.id) !== undefined;
  return (
    <li className="folder" data-testid="folder-row" data-folder-path={folder.path} data-state={folder.state}>
      <div className="row">
        <span className="path grow" title={folder.path}>
          {folder.path}
        </span>
        <span className={`badge state-${folder.state}`} data-testid="folder-state">
          {folder.state}
        </span>
      </div>
      <div className="row muted small">
        <FolderCounts folder={folder} />
        <span data-testid="folder-chunks">{formatCount(folder.chunks)} chunks</span>
        <button
          type="button"
          className="link-button small"
          data-testid="folder-problems-toggle"
          onClick={() => (problemsOpen ? problemActions.close(folder.id) : void problemActions.open(folder.id))}
        >
          {problemsOpen ? 'hide problems' : 'failed and skipped files'}
        </button>
        <span className="grow" />
        <button
          type="button"
          className="small-button"
          data-testid="folder-reindex"
          disabled={!canWrite || busy}
          onClick={() => void folderActions.reindex(folder)}
        >
          Re-index
        </button>
        {confirming ? (
          <>
            <button
              type="button"
              className="small-button danger"
              data-testid="folder-remove-confirm"
              disabled={busy}
              onClick={() => void folderActions.remove(folder)}
            >
              Remove from index
            </button>
            <button type="button" className="small-button" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </>
        ) : (
          <button
            type="button"
            className="small-button"
            data-testid="folder-remove"
            disabled={!canWrite || busy}
            onClick={() => setConfirming(true)}
          >
            Remove
          </button>
        )}
      </div>
      {folder.error !== null ? (
        <p className="error" data-testid="folder-error">
          {folder.error}
        </p>
      ) : null}
      <FolderProblems folder={folder} />
      <FolderProgress folder={folder} />
    </li>
  );
}
