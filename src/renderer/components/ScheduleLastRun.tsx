import type { ReactElement } from 'react';
import type { ScheduleInfo } from '../../shared/schedules';
import { formatDateTime } from '../format';
import { navActions } from '../state/nav-slice';
import { taskDetailActions } from '../state/task-detail-slice';

/** A short text of a run's result (the cleanup's counts, a ping's worker). */
function resultText(result: unknown): string {
  if (result === null || result === undefined) return '';
  const text = JSON.stringify(result);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

/** A schedule's last run cell: its state (a link to the task), when it finished, and its error or result. */
export function ScheduleLastRun({ last }: { last: ScheduleInfo['lastRun'] }): ReactElement {
  return (
    <td data-testid="schedule-last" data-state={last?.state ?? ''}>
      {last === null ? (
        <span className="muted">never ran</span>
      ) : (
        <>
          <button
            type="button"
            className="link"
            onClick={() => {
              navActions.go('tasks');
              void taskDetailActions.open(last.ref);
            }}
          >
            <span className={`badge job-${last.state}`}>{last.state}</span>
          </button>{' '}
          {last.finishedAt !== null ? formatDateTime(last.finishedAt) : ''}
          <div className={last.error ? 'error-text wrap' : 'muted wrap'}>{last.error ?? resultText(last.result)}</div>
        </>
      )}
    </td>
  );
}
