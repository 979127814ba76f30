import type { ReactElement } from 'react';

/** Under the schedule form: what is wrong with the pattern, or, while it is valid, how one is written. */
export function SchedulePatternHelp({ problem }: { problem: string | null }): ReactElement {
  return problem !== null ? (
    <p className="error" data-testid="schedule-pattern-error">
      {problem}
    </p>
  ) : (
    <p className="muted">
      Five fields: minute hour day-of-month month day-of-week (e.g. 0 0 * * * is daily at midnight), or @daily, @hourly …
    </p>
  );
}
