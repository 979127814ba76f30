import { useEffect, type ReactElement } from 'react';
import { formatCount } from '../format';
import { useVirtualRows, VIRTUAL_ROW_HEIGHT } from '../hooks/use-virtual-rows';
import { useSnapshot } from '../state/monitor-slice';
import { gridTemplate, rowMinWidth } from '../state/task-columns';
import { useTaskDetail } from '../state/task-detail-slice';
import { taskActions, taskAt, useTasks } from '../state/tasks-slice';
import { TaskRowView } from './TaskRowView';
import { TaskTableHead } from './TaskTableHead';

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
  // A query that does not parse lists nothing: the rows of the last good one would pass for its result.
  const invalid = useTasks((state) => state.queryError !== null);
  const selected = useTaskDetail((state) => state.ref);
  const now = useSnapshot((snapshot) => snapshot.at, 0);
  const template = gridTemplate(columns);
  const minWidth = `${rowMinWidth(columns)}px`;
  const shown = invalid ? 0 : total;
  const { scroller, items, totalSize, first, last } = useVirtualRows(shown, generation); // a new query starts at the top

  useEffect(() => {
    taskActions.attach();
    return () => taskActions.detach();
  }, []);
  useEffect(() => taskActions.showRange(first, last), [first, last, shown]);

  const ready = loadedGeneration === generation;
  return (
    <div
      className="task-table"
      data-testid="tasks-table"
      data-q={q}
      data-tab={tab}
      data-ready={ready}
      data-total={shown}
      data-invalid={invalid}
    >
      <p className="small muted" data-testid="tasks-total" data-total={shown}>
        {invalid ? 'Nothing listed until the query is fixed' : `${formatCount(total)} ${total === 1 ? 'task' : 'tasks'}`}
        {tookMs !== null && !invalid ? ` · query ${tookMs} ms` : ''}
        {ready ? '' : ' · loading…'}
      </p>
      {error !== null ? (
        <p className="error" role="alert" data-testid="tasks-error">
          {error}
        </p>
      ) : null}
      <div className="tasks-scroll" ref={scroller} data-testid="tasks-list">
        <TaskTableHead columns={columns} sort={sort} template={template} minWidth={minWidth} />
        {ready && shown === 0 && !invalid ? (
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
