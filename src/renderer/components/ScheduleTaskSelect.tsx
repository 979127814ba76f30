import type { ReactElement } from 'react';
import { SCHEDULED_TASKS, scheduledTask, type ScheduledTask } from '../hooks/use-schedule-draft';
import { SelectOptions } from './SelectOptions';

/** The schedule form's choice of task: one of the tasks a schedule may run. */
export function ScheduleTaskSelect({ task, onChange }: { task: ScheduledTask; onChange: (task: ScheduledTask) => void }): ReactElement {
  return (
    <label>
      task{' '}
      <select
        data-testid="schedule-task"
        value={task}
        onChange={(event) => {
          const chosen = scheduledTask(event.target.value);
          if (chosen) onChange(chosen);
        }}
      >
        <SelectOptions values={SCHEDULED_TASKS} />
      </select>
    </label>
  );
}
