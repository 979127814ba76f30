import type { ReactElement } from 'react';
import { COLUMN_INFO, type TaskColumn } from '../state/task-columns';
import { taskActions, type TaskSort } from '../state/tasks-slice';

/** The tasks table's header row: a sortable column's header sorts by it (again: the other direction). */
export function TaskTableHead({
  columns,
  sort,
  template,
  minWidth,
}: {
  columns: readonly TaskColumn[];
  sort: TaskSort;
  template: string;
  minWidth: string;
}): ReactElement {
  return (
    <div className="task-row task-head small" style={{ gridTemplateColumns: template, minWidth }} role="row">
      {columns.map((column) => {
        const field = COLUMN_INFO[column].sort;
        const arrow = field === null ? '' : sort === field ? ' ▲' : sort === `-${field}` ? ' ▼' : '';
        return field === null ? (
          <span key={column}>{COLUMN_INFO[column].label}</span>
        ) : (
          <button
            key={column}
            type="button"
            className="link sort-button"
            data-testid="task-sort"
            data-column={column}
            aria-sort={sort === field ? 'ascending' : sort === `-${field}` ? 'descending' : 'none'}
            onClick={() => taskActions.sortBy(field)}
          >
            {COLUMN_INFO[column].label}
            {arrow}
          </button>
        );
      })}
    </div>
  );
}
