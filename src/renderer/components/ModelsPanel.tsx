import type { ReactElement } from 'react';
import { useCanWrite } from '../state/app-slice';
import { useModels } from '../state/models-slice';
import { DownloadRow } from './DownloadRow';
import { ModelDownloadForm } from './ModelDownloadForm';
import { ModelOffer } from './ModelOffer';
import { ModelRow } from './ModelRow';
import { ModelSwitchProgress } from './ModelSwitchProgress';
import { Panel } from './Panel';

/** Embedding models: the list with the active one, a switch in progress, downloads, and the first-run offer. */
export function ModelsPanel(): ReactElement {
  const overview = useModels((state) => state.overview);
  const error = useModels((state) => state.error);
  const busy = useModels((state) => state.busy);
  const canWrite = useCanWrite();
  const change = overview?.switch ?? null;
  return (
    <Panel title="Models" testId="panel-models">
      <ModelOffer />
      {error !== null ? <p className="error">{error}</p> : null}
      {change !== null ? <ModelSwitchProgress change={change} /> : null}
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
              <ModelRow key={model.id} model={model} canActivate={canWrite && !busy.includes(model.id)} />
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
      <ModelDownloadForm />
      {overview !== null ? <p className="muted small">Models folder: {overview.modelsDir}</p> : null}
    </Panel>
  );
}
