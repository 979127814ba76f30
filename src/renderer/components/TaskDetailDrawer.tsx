import type { ReactElement } from 'react';
import { useSnapshot } from '../state/monitor-slice';
import { taskDetailActions, useTaskDetail } from '../state/task-detail-slice';
import { TaskDetailBody } from './TaskDetailBody';

/** Everything `tasks:get` says about the job picked in the list, beside it; refreshed while open. */
export function TaskDetailDrawer(): ReactElement | null {
  const ref = useTaskDetail((state) => state.ref);
  const detail = useTaskDetail((state) => state.detail);
  const error = useTaskDetail((state) => state.error);
  const now = useSnapshot((snapshot) => snapshot.at, 0);
  if (ref === null) return null;
  return (
    <aside
      className="drawer"
      data-testid="task-detail"
      data-ref={ref}
      data-state={detail?.state ?? ''}
      data-live={detail?.live ?? ''}
      aria-label={`Task ${ref}`}
    >
      <div className="panel-head">
        <h2 className="path">{ref}</h2>
        <button type="button" className="link" data-testid="task-detail-close" aria-label="Close" onClick={taskDetailActions.close}>
          ×
        </button>
      </div>
      {error !== null ? (
        <p className="error" role="alert" data-testid="task-detail-error">
          {error}
        </p>
      ) : null}
      {detail === null ? error === null ? <p className="muted">Loading…</p> : null : <TaskDetailBody detail={detail} now={now} />}
    </aside>
  );
}
