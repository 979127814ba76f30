import type { ReactElement } from 'react';
import { COLUMN_INFO, TASK_COLUMNS } from '../state/task-columns';
import { taskActions, useTasks } from '../state/tasks-slice';

/** A drop-down of checkboxes: the table's columns; the choice is kept in the browser. */
export function TaskColumnsPicker(): ReactElement {
  const columns = useTasks((state) => state.columns);
  return (
    <details className="columns-picker small" data-testid="task-columns">
      <summary>Columns</summary>
      <div className="columns-menu">
        {TASK_COLUMNS.map((column) => (
          <label key={column}>
            <input
              type="checkbox"
              data-testid="task-column-toggle"
              data-column={column}
              checked={columns.includes(column)}
              disabled={column === 'job'}
              onChange={() => taskActions.toggleColumn(column)}
            />{' '}
            {COLUMN_INFO[column].label}
          </label>
        ))}
      </div>
    </details>
  );
}
