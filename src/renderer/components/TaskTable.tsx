import { useEffect, type ReactElement } from 'react';
import { formatCount } from '../format';
import { useVirtualRows, VIRTUAL_ROW_HEIGHT } from '../hooks/use-virtual-rows';
import { useSnapshot } from '../state/monitor-slice';
import { COLUMN_INFO, gridTemplate, rowMinWidth } from '../state/task-columns';
import { useTaskDetail } from '../state/task-detail-slice';
import { taskActions, taskAt, useTasks } from '../state/tasks-slice';
import { TaskRowView } from './TaskRowView';

/**
 * The tasks, virtualised: only the rows on screen are rendered, and only their pages fetched.
 * Headers of sortable columns sort (again: the other direction).
 */
export function TaskTable(): ReactElement {
  const columns = useTasks((state) => state.columns);
  const sort = useTasks((state) => state.sort);
  const total = useTasks((state) => state.total);
  const pages = useTasks((state) => state.pages);
  const q = useTasks((state) => state.q);
  const tab = useTasks((state) => state.tab);
  const generation = useTasks((state) => state.generation);
  const loadedGeneration = useTasks((state) => state.loadedGeneration);
  const tookMs = useTasks((state) => state.tookMs);
  const error = useTasks((state) => state.error);
  const selected = useTaskDetail((state) => state.ref);
  const now = useSnapshot((snapshot) => snapshot.at, 0);
  const template = gridTemplate(columns);
  const minWidth = `${rowMinWidth(columns)}px`;
  const { scroller, items, totalSize, first, last } = useVirtualRows(total, generation); // a new query starts at the top

  useEffect(() => {
    taskActions.attach();
    return () => taskActions.detach();
  }, []);
  useEffect(() => taskActions.showRange(first, last), [first, last, total]);

  const ready = loadedGeneration === generation;
  return (
    <div className="task-table" data-testid="tasks-table" data-q={q} data-tab={tab} data-ready={ready} data-total={total}>
      <p className="small muted" data-testid="tasks-total" data-total={total}>
        {formatCount(total)} {total === 1 ? 'task' : 'tasks'}
        {tookMs !== null ? ` · query ${tookMs} ms` : ''}
        {ready ? '' : ' · loading…'}
      </p>
      {error !== null ? (
        <p className="error" role="alert" data-testid="tasks-error">
          {error}
        </p>
      ) : null}
      <div className="tasks-scroll" ref={scroller} data-testid="tasks-list">
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
        {ready && total === 0 ? (
          <p className="empty" data-testid="tasks-empty">
            No tasks match.
          </p>
        ) : null}
        <div className="tasks-inner" style={{ height: `${totalSize}px`, minWidth }}>
          {items.map((item) => {
            const task = taskAt(pages, item.index);
            return (
              <TaskRowView
                key={item.key}
                task={task}
                columns={columns}
                template={template}
                top={item.start}
                height={VIRTUAL_ROW_HEIGHT}
                now={now}
                selected={task !== undefined && task.ref === selected}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
