import type { ReactElement } from 'react';
import type { TaskDetail } from '../../shared/tasks';
import { taskDetailActions } from '../state/task-detail-slice';

/** The job's parent and children in its flow (an ingest job's embed jobs), each opening its detail. */
export function TaskFlowLinks({ detail }: { detail: TaskDetail }): ReactElement | null {
  if (detail.parent === null && detail.children.length === 0) return null;
  return (
    <div className="task-flow small" data-testid="task-flow">
      {detail.parent !== null ? (
        <p>
          parent:{' '}
          <button
            type="button"
            className="link"
            data-testid="task-parent"
            data-ref={detail.parent}
            onClick={() => void taskDetailActions.open(detail.parent ?? '')}
          >
            {detail.parent}
          </button>
        </p>
      ) : null}
      {detail.children.length > 0 ? (
        <>
          <p>children ({detail.children.length}):</p>
          <ul className="child-list">
            {detail.children.map((child) => (
              <li key={child.ref}>
                <button
                  type="button"
                  className="link"
                  data-testid="task-child"
                  data-ref={child.ref}
                  onClick={() => void taskDetailActions.open(child.ref)}
                >
                  {child.ref}
                </button>{' '}
                {child.name} <span className={`badge job-${child.state}`}>{child.state}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
