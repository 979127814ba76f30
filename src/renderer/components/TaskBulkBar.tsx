import { useState, type ReactElement } from 'react';
import { BULK_ACTIONS, type BulkAction } from '../../shared/tasks';
import { formatCount } from '../format';
import { useCanWrite } from '../state/app-slice';
import { bulkActions, useBulk } from '../state/bulk-slice';
import { bulkTargets, tabStates } from '../state/task-form';
import { useStateCounts, useTasks } from '../state/tasks-slice';
import { PriorityInput } from './PriorityInput';

const LABELS: Record<BulkAction, string> = {
  retry: 'Retry failed',
  cancel: 'Cancel waiting',
  abort: 'Abort running',
  promote: 'Promote delayed',
  priority: 'Set priority',
};

/**
 * Actions on every job the filters select (not only the rows on screen), each asked to be
 * confirmed with the number of jobs it touches; the result says how many were done or skipped.
 */
export function TaskBulkBar(): ReactElement {
  const counts = useStateCounts();
  const tab = useTasks((state) => state.tab);
  const q = useTasks((state) => state.q);
  const pending = useBulk((state) => state.pending);
  const busy = useBulk((state) => state.busy);
  const result = useBulk((state) => state.result);
  const canWrite = useCanWrite();
  // The counts are the last good query's: a query that does not parse selects nothing to act on.
  const invalid = useTasks((state) => state.queryError !== null);
  const [priority, setPriority] = useState(1);
  const targets = (action: BulkAction): number => bulkTargets(action, counts, tabStates(tab));
  return (
    <div className="bulk-bar small" data-testid="task-bulk">
      <div className="row">
        <span className="muted">All selected{q === '' ? '' : ` by “${q}”`}:</span>
        {BULK_ACTIONS.map((action) => (
          <button
            key={action}
            type="button"
            className="small-button"
            data-testid={`bulk-${action}`}
            data-targets={invalid ? 0 : targets(action)}
            disabled={!canWrite || busy || invalid || targets(action) === 0}
            onClick={() => bulkActions.ask(action, priority)}
          >
            {LABELS[action]} ({invalid ? '–' : formatCount(targets(action))})
          </button>
        ))}
        <PriorityInput value={priority} onChange={setPriority} testId="bulk-priority-value" />
      </div>
      {pending !== null ? (
        <div className="row confirm" data-testid="bulk-confirm" data-action={pending.action}>
          <span>
            {LABELS[pending.action]}
            {pending.action === 'priority' ? ` to ${pending.priority}` : ''}: {formatCount(targets(pending.action))} jobs. Sure?
          </span>
          <button
            type="button"
            className="small-button danger"
            data-testid="bulk-confirm-yes"
            disabled={busy}
            onClick={() => void bulkActions.confirm()}
          >
            {busy ? 'Working…' : 'Yes, do it'}
          </button>
          <button type="button" className="small-button" data-testid="bulk-confirm-no" disabled={busy} onClick={bulkActions.dismiss}>
            No
          </button>
        </div>
      ) : null}
      {result !== null ? (
        <p
          className="row"
          role="status"
          data-testid="bulk-result"
          data-action={result.action}
          data-matched={result.matched}
          data-done={result.done}
          data-skipped={result.skipped}
          data-errors={result.errors.length}
        >
          {result.action}: {formatCount(result.done)} of {formatCount(result.matched)} done
          {result.skipped > 0 ? `, ${formatCount(result.skipped)} skipped (their state had moved on)` : ''}
          {result.errors.length > 0 ? `, errors: ${result.errors.map((one) => `${one.ref}: ${one.message}`).join('; ')}` : ''}
          <button type="button" className="link" aria-label="Dismiss" onClick={bulkActions.dismiss}>
            ×
          </button>
        </p>
      ) : null}
    </div>
  );
}
