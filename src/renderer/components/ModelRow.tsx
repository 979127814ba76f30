import type { ReactElement } from 'react';
import type { ModelEntry } from '../../shared/models';
import { formatBytes } from '../format';
import { modelActions } from '../state/models-slice';

const ORIGIN_LABEL = { 'built-in': 'built-in', configured: 'SEMANTIK_MODEL_DIR', 'models-folder': 'models folder' } as const;

/**
 * One model of the models table: name, dimensions, size, where it comes from, and whether it is
 * active, being switched to, or can be used (`canActivate`: writes allowed, no call for it in flight).
 */
export function ModelRow({ model, canActivate }: { model: ModelEntry; canActivate: boolean }): ReactElement {
  return (
    <tr data-testid="model-row" data-model-id={model.id} data-active={model.active} title={model.description}>
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
            disabled={!canActivate}
            onClick={() => void modelActions.activate(model.id)}
          >
            Use
          </button>
        )}
      </td>
    </tr>
  );
}
