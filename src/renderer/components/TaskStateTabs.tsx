import type { ReactElement } from 'react';
import { TASK_STATES } from '../../shared/tasks';
import { formatCount } from '../format';
import type { StateTab } from '../state/task-form';
import { taskActions, useStateCounts, useTasks } from '../state/tasks-slice';

/**
 * One tab per state with its count under the other filters, and "all": the counts come with the
 * page, from the same query, so a tab's count is the number of rows it lists.
 */
export function TaskStateTabs(): ReactElement {
  const tab = useTasks((state) => state.tab);
  const counts = useStateCounts();
  const all = counts === null ? null : TASK_STATES.reduce((sum, state) => sum + counts[state], 0);
  const tabs: Array<{ value: StateTab; count: number | null }> = [
    { value: 'all', count: all },
    ...TASK_STATES.map((state) => ({ value: state, count: counts === null ? null : counts[state] })),
  ];
  return (
    <div className="tabs" role="tablist" aria-label="Task state" data-testid="task-state-tabs">
      {tabs.map(({ value, count }) => (
        <button
          key={value}
          type="button"
          role="tab"
          aria-selected={tab === value}
          className={`tab${tab === value ? ' tab-current' : ''}${count === 0 && value !== 'all' ? ' tab-empty' : ''}`}
          data-testid="task-state-tab"
          data-state={value}
          data-count={count ?? ''}
          onClick={() => taskActions.setTab(value)}
        >
          {value} <span className={`tab-count job-${value}`}>{count === null ? '…' : formatCount(count)}</span>
        </button>
      ))}
    </div>
  );
}
