import { useState, type ReactElement } from 'react';
import type { ScheduleInfo } from '../../shared/schedules';
import { formatDateTime, formatIn, formatMs } from '../format';
import { useCanWrite } from '../state/app-slice';
import { scheduleActions, useSchedules } from '../state/schedules-slice';
import { ScheduleLastRun } from './ScheduleLastRun';

/** One schedule: pattern, next run, last run with its result, and run now / change / remove. */
export function ScheduleRow({ schedule, now, onEdit }: { schedule: ScheduleInfo; now: number; onEdit: () => void }): ReactElement {
  const canWrite = useCanWrite();
  const busy = useSchedules((state) => state.busy.includes(schedule.name));
  const [confirming, setConfirming] = useState(false);
  const next = schedule.nextRunAt;
  return (
    <tr data-testid="schedule-row" data-name={schedule.name} data-next-run={next ?? ''} data-pattern={schedule.pattern ?? ''}>
      <td>
        <strong>{schedule.name}</strong>
        <div className="muted">
          {schedule.queue}/{schedule.task}
        </div>
      </td>
      <td>
        <code>{schedule.pattern ?? (schedule.everyMs !== null ? `every ${formatMs(schedule.everyMs)}` : '')}</code>
        <div className="muted">{schedule.tz ?? ''}</div>
      </td>
      <td data-testid="schedule-next">{next === null ? 'none' : `${formatDateTime(next)} (${formatIn(next, now)})`}</td>
      <ScheduleLastRun last={schedule.lastRun} />
      <td className="actions">
        <button
          type="button"
          className="small-button"
          data-testid="schedule-run"
          disabled={!canWrite || busy}
          onClick={() => void scheduleActions.run(schedule.name)}
        >
          Run now
        </button>
        <button
          type="button"
          className="small-button"
          data-testid="schedule-edit"
          disabled={!canWrite || busy || schedule.queue !== 'system'}
          onClick={onEdit}
        >
          Change
        </button>
        {confirming ? (
          <>
            <button
              type="button"
              className="small-button danger"
              data-testid="schedule-remove-confirm"
              disabled={busy}
              onClick={() => {
                setConfirming(false);
                void scheduleActions.remove(schedule.name);
              }}
            >
              Remove it
            </button>
            <button type="button" className="small-button" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </>
        ) : (
          <button
            type="button"
            className="small-button danger"
            data-testid="schedule-remove"
            disabled={!canWrite || busy}
            onClick={() => setConfirming(true)}
          >
            Remove
          </button>
        )}
      </td>
    </tr>
  );
}
