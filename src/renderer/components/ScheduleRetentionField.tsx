import type { ReactElement } from 'react';

/** The cleanup's retention in the schedule form: whole days, at least one. */
export function ScheduleRetentionField({ days, onChange }: { days: number; onChange: (days: number) => void }): ReactElement {
  return (
    <label>
      keep (days){' '}
      <input
        type="number"
        min={1}
        max={3650}
        className="number-input"
        data-testid="schedule-retention"
        value={days}
        onChange={(event) => onChange(Math.max(1, Math.floor(Number(event.target.value) || 1)))}
      />
    </label>
  );
}
