import { useState, type FormEvent, type ReactElement } from 'react';
import { SYSTEM_JOBS } from '../../shared/jobs';
import { cronProblem, DEFAULT_RETENTION_DAYS, type ScheduleInfo } from '../../shared/schedules';
import { useCanWrite } from '../state/app-slice';
import { scheduleActions, useSchedules } from '../state/schedules-slice';

const TASKS = [SYSTEM_JOBS.cleanup, SYSTEM_JOBS.ping] as const;
type ScheduledTask = (typeof TASKS)[number];

function retentionOf(data: unknown): number {
  const value = typeof data === 'object' && data !== null && 'retentionDays' in data ? Number(data.retentionDays) : NaN;
  return Number.isInteger(value) && value > 0 ? value : DEFAULT_RETENTION_DAYS;
}

/**
 * Adds a schedule, or changes one (`editing`): a name, a cron pattern (checked as it is typed),
 * an optional time zone (the machine's by default), the task and, for the cleanup, its retention.
 */
export function ScheduleForm({ editing, onDone }: { editing: ScheduleInfo | null; onDone: () => void }): ReactElement {
  const canWrite = useCanWrite();
  const busy = useSchedules((state) => state.busy);
  const [name, setName] = useState(editing?.name ?? '');
  const [pattern, setPattern] = useState(editing?.pattern ?? '0 0 * * *');
  const [tz, setTz] = useState(editing?.tz ?? '');
  const [task, setTask] = useState<ScheduledTask>(TASKS.find((one) => one === editing?.task) ?? SYSTEM_JOBS.cleanup);
  const [retention, setRetention] = useState(retentionOf(editing?.data));
  const problem = pattern.trim() === '' ? 'a pattern is required' : cronProblem(pattern);
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (problem !== null) return;
    const saved = await scheduleActions.save({
      name: name.trim(),
      pattern: pattern.trim(),
      ...(tz.trim() !== '' ? { tz: tz.trim() } : {}),
      task,
      ...(task === SYSTEM_JOBS.cleanup ? { retentionDays: retention } : {}),
    });
    if (saved) onDone();
  };
  return (
    <form className="schedule-form small" onSubmit={(event) => void submit(event)} data-testid="schedule-form">
      <div className="row">
        <label>
          name{' '}
          <input
            type="text"
            size={22}
            required
            data-testid="schedule-name"
            value={name}
            disabled={editing !== null}
            onChange={(event) => setName(event.target.value)}
          />
        </label>
        <label>
          pattern{' '}
          <input
            type="text"
            size={16}
            data-testid="schedule-pattern"
            value={pattern}
            onChange={(event) => setPattern(event.target.value)}
            placeholder="min hour day month weekday"
          />
        </label>
        <label>
          time zone{' '}
          <input
            type="text"
            size={14}
            data-testid="schedule-tz"
            value={tz}
            placeholder="this machine's"
            onChange={(event) => setTz(event.target.value)}
          />
        </label>
        <label>
          task{' '}
          <select
            data-testid="schedule-task"
            value={task}
            onChange={(event) => {
              const chosen = TASKS.find((one) => one === event.target.value);
              if (chosen) setTask(chosen);
            }}
          >
            {TASKS.map((one) => (
              <option key={one} value={one}>
                {one}
              </option>
            ))}
          </select>
        </label>
        {task === SYSTEM_JOBS.cleanup ? (
          <label>
            keep (days){' '}
            <input
              type="number"
              min={1}
              max={3650}
              className="number-input"
              data-testid="schedule-retention"
              value={retention}
              onChange={(event) => setRetention(Math.max(1, Math.floor(Number(event.target.value) || 1)))}
            />
          </label>
        ) : null}
        <button
          type="submit"
          className="small-button"
          data-testid="schedule-save"
          disabled={!canWrite || problem !== null || name.trim() === '' || busy.includes(name.trim())}
        >
          {editing ? 'Save' : 'Add'}
        </button>
        <button type="button" className="small-button" onClick={onDone}>
          Cancel
        </button>
      </div>
      {problem !== null ? (
        <p className="error" data-testid="schedule-pattern-error">
          {problem}
        </p>
      ) : (
        <p className="muted">
          Five fields: minute hour day-of-month month day-of-week (e.g. 0 0 * * * is daily at midnight), or @daily, @hourly …
        </p>
      )}
    </form>
  );
}
