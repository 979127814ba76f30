import type { FormEvent, ReactElement } from 'react';
import { SYSTEM_JOBS } from '../../shared/jobs';
import type { ScheduleInfo } from '../../shared/schedules';
import { useScheduleDraft } from '../hooks/use-schedule-draft';
import { useCanWrite } from '../state/app-slice';
import { scheduleActions, useSchedules } from '../state/schedules-slice';
import { SchedulePatternHelp } from './SchedulePatternHelp';
import { ScheduleRetentionField } from './ScheduleRetentionField';
import { ScheduleTaskSelect } from './ScheduleTaskSelect';

/**
 * Adds a schedule, or changes one (`editing`): a name, a cron pattern (checked as it is typed),
 * an optional time zone (the machine's by default), the task and, for the cleanup, its retention.
 */
export function ScheduleForm({ editing, onDone }: { editing: ScheduleInfo | null; onDone: () => void }): ReactElement {
  const canWrite = useCanWrite();
  const busy = useSchedules((state) => state.busy);
  const draft = useScheduleDraft(editing);
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (draft.problem !== null) return;
    const saved = await scheduleActions.save(draft.input());
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
            value={draft.name}
            disabled={editing !== null}
            onChange={(event) => draft.setName(event.target.value)}
          />
        </label>
        <label>
          pattern{' '}
          <input
            type="text"
            size={16}
            data-testid="schedule-pattern"
            value={draft.pattern}
            onChange={(event) => draft.setPattern(event.target.value)}
            placeholder="min hour day month weekday"
          />
        </label>
        <label>
          time zone{' '}
          <input
            type="text"
            size={14}
            data-testid="schedule-tz"
            value={draft.tz}
            placeholder="this machine's"
            onChange={(event) => draft.setTz(event.target.value)}
          />
        </label>
        <ScheduleTaskSelect task={draft.task} onChange={draft.setTask} />
        {draft.task === SYSTEM_JOBS.cleanup ? <ScheduleRetentionField days={draft.retention} onChange={draft.setRetention} /> : null}
        <button
          type="submit"
          className="small-button"
          data-testid="schedule-save"
          disabled={!canWrite || draft.problem !== null || draft.name.trim() === '' || busy.includes(draft.name.trim())}
        >
          {editing ? 'Save' : 'Add'}
        </button>
        <button type="button" className="small-button" onClick={onDone}>
          Cancel
        </button>
      </div>
      <SchedulePatternHelp problem={draft.problem} />
    </form>
  );
}
