import { useState, type ReactElement } from 'react';
import { formatBytes, formatCount } from '../format';
import { useCanWrite } from '../state/app-slice';
import { modelActions, useModels } from '../state/models-slice';
import { DownloadRow } from './DownloadRow';
import { ModelOffer } from './ModelOffer';
import { Panel } from './Panel';
import { ProgressBar } from './ProgressBar';

const ORIGIN_LABEL = { 'built-in': 'built-in', configured: 'SEMANTIK_MODEL_DIR', 'models-folder': 'models folder' } as const;

/** Embedding models: the list with the active one, a switch in progress, downloads, and the first-run offer. */
export function ModelsPanel(): ReactElement {
  const overview = useModels((state) => state.overview);
  const error = useModels((state) => state.error);
  const busy = useModels((state) => state.busy);
  const canWrite = useCanWrite();
  const [repo, setRepo] = useState('');
  const change = overview?.switch ?? null;
  return (
    <Panel title="Models" testId="panel-models">
      <ModelOffer />
      {error !== null ? <p className="error">{error}</p> : null}
      {change !== null ? (
        <div className="model-switch" data-testid="model-switch">
          <p className="small">
            Switching from {change.from} to {change.to}: {formatCount(change.covered)} of {formatCount(change.total)} chunks re-embedded.
            Search uses {change.from} until every chunk is done.
          </p>
          <ProgressBar fraction={change.total === 0 ? 1 : change.covered / change.total} label="model switch" />
          {change.error !== null ? <p className="error">{change.error}</p> : null}
        </div>
      ) : null}
      {overview === null ? (
        <p className="empty">Loading models…</p>
      ) : (
        <table className="table small">
          <thead>
            <tr>
              <th>model</th>
              <th>dims</th>
              <th>size</th>
              <th>from</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {overview.models.map((model) => (
              <tr key={model.id} data-testid="model-row" data-model-id={model.id} data-active={model.active} title={model.description}>
                <td>
                  {model.name}
                  {model.name !== model.id ? <span className="muted"> ({model.id})</span> : null}
                </td>
                <td>{model.dims}</td>
                <td>{formatBytes(model.sizeBytes)}</td>
                <td>{ORIGIN_LABEL[model.origin]}</td>
                <td>
                  {model.active ? (
                    <span className="badge state-done" data-testid="model-active">
                      active
                    </span>
                  ) : model.pending ? (
                    <span className="badge state-indexing">switching</span>
                  ) : (
                    <button
                      type="button"
                      className="small-button"
                      data-testid="model-activate"
                      disabled={!canWrite || busy.includes(model.id)}
                      onClick={() => void modelActions.activate(model.id)}
                    >
                      Use
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {overview !== null && overview.downloads.length > 0 ? (
        <ul className="downloads">
          {overview.downloads.map((download) => (
            <DownloadRow key={download.id} download={download} />
          ))}
        </ul>
      ) : null}
      {overview?.problems.map((problem) => (
        <p key={problem.dir} className="muted small" data-testid="model-problem">
          Not a model: {problem.dir}: {problem.reason}
        </p>
      ))}
      <form
        className="row"
        onSubmit={(event) => {
          event.preventDefault();
          if (repo.trim() !== '') void modelActions.download(repo.trim(), false);
        }}
      >
        <input
          className="grow"
          data-testid="model-repo-input"
          placeholder="owner/model on the hub, e.g. BAAI/bge-small-en-v1.5"
          value={repo}
          disabled={!canWrite}
          onChange={(event) => setRepo(event.target.value)}
        />
        <button type="submit" data-testid="model-download" disabled={!canWrite || repo.trim() === ''}>
          Download
        </button>
      </form>
      {overview !== null ? <p className="muted small">Models folder: {overview.modelsDir}</p> : null}
    </Panel>
  );
}
