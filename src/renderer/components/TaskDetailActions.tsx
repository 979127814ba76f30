import { useState, type ReactElement } from 'react';
import { ACTION_STATES, type BulkAction, type TaskDetail } from '../../shared/tasks';
import { useCanWrite } from '../state/app-slice';
import { taskDetailActions, useTaskDetail } from '../state/task-detail-slice';
import { PriorityInput } from './PriorityInput';

const LABELS: Record<Exclude<BulkAction, 'priority'>, string> = { retry: 'Retry', cancel: 'Cancel', abort: 'Abort', promote: 'Promote' };
const SINGLE: Array<Exclude<BulkAction, 'priority'>> = ['retry', 'cancel', 'abort', 'promote'];

/**
 * The actions on one job, each enabled in the states it applies to, while the job is still in
 * Redis (a job only the history remembers can be looked at, not acted on).
 */
export function TaskDetailActions({ detail }: { detail: TaskDetail }): ReactElement {
  const busy = useTaskDetail((state) => state.busy);
  const message = useTaskDetail((state) => state.message);
  const canWrite = useCanWrite();
  const [priority, setPriority] = useState(detail.priority || 1);
  const fits = (action: BulkAction): boolean => canWrite && detail.live && busy === null && ACTION_STATES[action].includes(detail.state);
  return (
    <div className="task-actions" data-testid="task-actions">
      <div className="row">
        {SINGLE.map((action) => (
          <button
            key={action}
            type="button"
            className={action === 'abort' || action === 'cancel' ? 'small-button danger' : 'small-button'}
            data-testid={`task-${action}`}
            disabled={!fits(action)}
            title={`${LABELS[action]} applies to ${ACTION_STATES[action].join(', ')} jobs`}
            onClick={() => void taskDetailActions.act(action)}
          >
            {busy === action ? `${LABELS[action]}…` : LABELS[action]}
          </button>
        ))}
        <PriorityInput value={priority} onChange={setPriority} testId="task-priority-value" className="small" />
        <button
          type="button"
          className="small-button"
          data-testid="task-priority"
          disabled={!fits('priority')}
          title="1 is the highest priority; 0 is none"
          onClick={() => void taskDetailActions.act('priority', priority)}
        >
          Set priority
        </button>
      </div>
      {!detail.live ? (
        <p className="muted small">Only the history has this job now (Redis let it go): it can be looked at, not acted on.</p>
      ) : null}
      {message !== null ? (
        <p className="small" role="status" data-testid="task-action-message">
          {message}
        </p>
      ) : null}
    </div>
  );
}
