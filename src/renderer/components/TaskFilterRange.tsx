import type { ReactElement } from 'react';
import { TIME_RANGES, type TaskForm, type TimeRange } from '../state/task-form';
import { taskActions } from '../state/tasks-slice';

const RANGE_LABELS: Record<TimeRange, string> = {
  '': 'any time',
  '15m': 'last 15 min',
  '1h': 'last hour',
  '24h': 'last 24 h',
  '7d': 'last 7 days',
  custom: 'from … to …',
};

/** When the tasks were added: a recent range, or from and to times of one's own. */
export function TaskFilterRange({ form }: { form: TaskForm }): ReactElement {
  return (
    <>
      <label>
        added{' '}
        <select
          data-testid="task-filter-range"
          value={form.range}
          onChange={(event) => {
            const range = TIME_RANGES.find((one) => one === event.target.value);
            if (range !== undefined) taskActions.setControls({ range });
          }}
        >
          {TIME_RANGES.map((range) => (
            <option key={range} value={range}>
              {RANGE_LABELS[range]}
            </option>
          ))}
        </select>
      </label>
      {form.range === 'custom' ? (
        <>
          <input
            type="datetime-local"
            aria-label="Added after"
            data-testid="task-filter-after"
            value={form.after}
            onChange={(event) => taskActions.setControls({ after: event.target.value })}
          />
          <input
            type="datetime-local"
            aria-label="Added before"
            data-testid="task-filter-before"
            value={form.before}
            onChange={(event) => taskActions.setControls({ before: event.target.value })}
          />
        </>
      ) : null}
    </>
  );
}
