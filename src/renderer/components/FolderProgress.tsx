import type { ReactElement } from 'react';
import type { FolderInfo } from '../../shared/monitor-types';
import { folderProgress, formatCount } from '../format';
import { ProgressBar } from './ProgressBar';

/** Live progress of a folder's latest run: files, chunks, rate, ETA and the current file. */
export function FolderProgress({ folder }: { folder: FolderInfo }): ReactElement | null {
  const view = folderProgress(folder);
  if (view === null) return null;
  return (
    <div
      className="progress"
      data-testid="folder-progress"
      data-files-done={view.done}
      data-files-total={view.total}
      data-finished={view.finished}
      data-scanning={view.scanning}
    >
      <ProgressBar fraction={view.fraction} label={`Progress of ${folder.path}`} />
      <div className="row small">
        <span data-testid="progress-files">
          {formatCount(view.done)} of {formatCount(view.total)}
          {view.scanning ? '+ (scanning)' : ''} files
        </span>
        <span data-testid="progress-chunks">
          {formatCount(view.chunksEmbedded)} of {formatCount(view.chunks)} chunks embedded
        </span>
        {view.skipped > 0 ? <span className="muted">{formatCount(view.skipped)} unchanged or skipped</span> : null}
        <span data-testid="progress-rate">{view.rateText}</span>
        <span data-testid="progress-eta">ETA {view.etaText}</span>
      </div>
      {view.currentFile !== null ? (
        <div className="small muted path" data-testid="progress-current" title={view.currentFile}>
          {view.currentFile}
        </div>
      ) : null}
    </div>
  );
}
