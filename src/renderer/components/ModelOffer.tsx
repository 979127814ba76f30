import type { ReactElement } from 'react';
import { formatBytes } from '../format';
import { useCanWrite } from '../state/app-slice';
import { modelActions, useModels } from '../state/models-slice';

/**
 * The first-run offer: online, a recommended real model to download and use; offline, what the
 * built-in model means for search quality.
 */
export function ModelOffer(): ReactElement | null {
  const recommendation = useModels((state) => state.recommendation);
  const busy = useModels((state) => state.busy.includes(state.recommendation?.recommended.repo ?? ''));
  const canWrite = useCanWrite();
  if (recommendation === null || !recommendation.usingBuiltIn) return null;
  const { recommended } = recommendation;
  if (!recommendation.hubReachable) {
    return (
      <div className="model-offer" data-testid="model-offline">
        <p>
          <strong>Running on the built-in model.</strong> The model hub ({recommendation.endpoint}) cannot be reached
          {recommendation.reason ? <span className="muted"> ({recommendation.reason})</span> : null}, so no better model can be downloaded
          now.
        </p>
        <p className="muted small">{recommendation.builtInNote}</p>
      </div>
    );
  }
  if (recommendation.downloaded) return null;
  return (
    <div className="model-offer" data-testid="model-offer">
      <p>
        <strong>Recommended: {recommended.id}</strong> ({recommended.dims} dimensions, about {formatBytes(recommended.approxBytes)}).{' '}
        {recommended.why}
      </p>
      <p className="muted small">Until then: {recommendation.builtInNote}</p>
      <button
        type="button"
        data-testid="model-offer-download"
        disabled={!canWrite || busy}
        onClick={() => void modelActions.download(recommended.repo, true)}
      >
        Download and use it
      </button>
    </div>
  );
}
