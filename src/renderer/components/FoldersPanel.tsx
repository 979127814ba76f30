import type { ReactElement } from 'react';
import { useFolders } from '../state/folders-slice';
import { AddFolder } from './AddFolder';
import { FolderRow } from './FolderRow';
import { Panel } from './Panel';

/** Folders: add one (drop, pick or type a path), and the list with live progress. */
export function FoldersPanel(): ReactElement {
  const folders = useFolders();
  return (
    <Panel title="Folders" testId="panel-folders">
      <AddFolder />
      {folders.length === 0 ? (
        <p className="empty" data-testid="folders-empty">
          No folders yet. Add one to index its documents.
        </p>
      ) : (
        <ul className="folder-list">
          {folders.map((folder) => (
            <FolderRow key={folder.id} folder={folder} />
          ))}
        </ul>
      )}
    </Panel>
  );
}
