import type { ReactElement } from 'react';
import type { ModelSwitchInfo } from '../../shared/models';
import { formatCount } from '../format';
import { ProgressBar } from './ProgressBar';

/** A switch of model under way: chunks re-embedded of all, and why it is stuck if it is. */
export function ModelSwitchProgress({ change }: { change: ModelSwitchInfo }): ReactElement {
  return (
    <div className="model-switch" data-testid="model-switch">
      <p className="small">
        Switching from {change.from} to {change.to}: {formatCount(change.covered)} of {formatCount(change.total)} chunks re-embedded. Search
        uses {change.from} until every chunk is done.
      </p>
      <ProgressBar fraction={change.total === 0 ? 1 : change.covered / change.total} label="model switch" />
      {change.error !== null ? <p className="error">{change.error}</p> : null}
    </div>
  );
}
