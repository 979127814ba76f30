import type { ReactElement } from 'react';
import type { DownloadInfo } from '../../shared/models';
import { formatBytes } from '../format';
import { useCanWrite } from '../state/app-slice';
import { downloadFraction, modelActions } from '../state/models-slice';
import { ProgressBar } from './ProgressBar';

/** One download: repository, bytes done of total, state, error, and stop while it runs. */
export function DownloadRow({ download }: { download: DownloadInfo }): ReactElement {
  const canWrite = useCanWrite();
  const fraction = downloadFraction(download.bytesDone, download.bytesTotal);
  const resumed = download.files.reduce((sum, file) => sum + file.resumedFrom, 0);
  return (
    <li className="download" data-testid="download-row" data-model-id={download.id} data-state={download.state}>
      <div className="row">
        <span className="path grow" title={`${download.endpoint}/${download.repo}@${download.revision}`}>
          {download.repo}
        </span>
        <span className="muted small" data-testid="download-bytes">
          {formatBytes(download.bytesDone)}
          {download.bytesTotal !== null ? ` of ${formatBytes(download.bytesTotal)}` : ''}
          {resumed > 0 ? ` (resumed at ${formatBytes(resumed)})` : ''}
        </span>
        <span className={`badge download-${download.state}`}>{download.state}</span>
        {download.state === 'running' ? (
          <button type="button" className="small-button" disabled={!canWrite} onClick={() => void modelActions.cancel(download.id)}>
            Stop
          </button>
        ) : null}
      </div>
      {download.state === 'running' && fraction !== null ? (
        <ProgressBar fraction={fraction} label={`download of ${download.repo}`} />
      ) : null}
      {download.error !== null ? (
        <p className="error" data-testid="download-error">
          {download.error}
        </p>
      ) : null}
    </li>
  );
}
