import type { ReactElement } from 'react';
import type { TaskRow } from '../../shared/tasks';
import type { TaskColumn } from '../state/task-columns';
import { taskDetailActions } from '../state/task-detail-slice';
import { TaskCell } from './TaskCell';

/** One row of the virtual tasks table (a placeholder while its page loads); a click opens its detail. */
export function TaskRowView({
  task,
  columns,
  template,
  top,
  height,
  now,
  selected,
}: {
  task: TaskRow | undefined;
  columns: readonly TaskColumn[];
  template: string;
  top: number;
  height: number;
  now: number;
  selected: boolean;
}): ReactElement {
  // Position and columns through the style object (CSSOM): the CSP allows it, unlike style attributes.
  const style = { transform: `translateY(${top}px)`, height: `${height}px`, gridTemplateColumns: template };
  if (task === undefined) {
    return (
      <div className="task-row task-loading small muted" style={style}>
        <span>loading…</span>
      </div>
    );
  }
  return (
    <div
      className={`task-row small${selected ? ' task-selected' : ''}`}
      style={style}
      role="row"
      tabIndex={0}
      aria-selected={selected}
      data-testid="task-row"
      data-ref={task.ref}
      data-state={task.state}
      data-name={task.name}
      data-queue={task.queue}
      data-worker={task.workerId ?? ''}
      data-device={task.device ?? ''}
      data-priority={task.priority}
      onClick={() => void taskDetailActions.open(task.ref)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') void taskDetailActions.open(task.ref);
      }}
    >
      {columns.map((column) => (
        <TaskCell key={column} column={column} task={task} now={now} />
      ))}
    </div>
  );
}
