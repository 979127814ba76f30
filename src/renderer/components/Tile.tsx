import type { ReactElement } from 'react';

/** A big number with its label (the dashboard's totals). */
export function Tile({ label, value, testId, bad = false }: { label: string; value: string; testId: string; bad?: boolean }): ReactElement {
  return (
    <div className={bad ? 'tile tile-bad' : 'tile'} data-testid={testId} data-value={value}>
      <span className="tile-value">{value}</span>
      <span className="tile-label muted small">{label}</span>
    </div>
  );
}
