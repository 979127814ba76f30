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

/** The custom range's two ends: the form field each sets and its accessible name. */
const BOUNDS = [
  ['after', 'Added after'],
  ['before', 'Added before'],
] as const;

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
          {BOUNDS.map(([bound, label]) => (
            <input
              key={bound}
              type="datetime-local"
              aria-label={label}
              data-testid={`task-filter-${bound}`}
              value={form[bound]}
              onChange={(event) => taskActions.setControls({ [bound]: event.target.value })}
            />
          ))}
        </>
      ) : null}
    </>
  );
}
