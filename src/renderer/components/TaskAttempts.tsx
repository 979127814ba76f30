import type { ReactElement } from 'react';
import type { TaskAttempt } from '../../shared/tasks';
import { formatDateTime, formatSpan } from '../format';

/** Each attempt to run a job: when, on which worker, how long, how it ended and its error. */
export function TaskAttempts({ attempts, now }: { attempts: readonly TaskAttempt[]; now: number }): ReactElement {
  if (attempts.length === 0) return <p className="empty small">Not run yet.</p>;
  return (
    <table className="table small" data-testid="task-attempts">
      <thead>
        <tr>
          <th>#</th>
          <th>started</th>
          <th>took</th>
          <th>worker</th>
          <th>outcome</th>
          <th>error</th>
        </tr>
      </thead>
      <tbody>
        {attempts.map((attempt) => (
          <tr key={attempt.attempt} data-testid="task-attempt" data-outcome={attempt.outcome}>
            <td>{attempt.attempt}</td>
            <td>{formatDateTime(attempt.startedAt)}</td>
            <td>{formatSpan(attempt.startedAt, attempt.endedAt, now)}</td>
            <td>{attempt.worker ?? ''}</td>
            <td>
              <span className={`badge job-${attempt.outcome}`}>{attempt.outcome}</span>
            </td>
            <td className="error-text wrap">{attempt.error ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
