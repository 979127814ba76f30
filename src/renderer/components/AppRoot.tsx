import type { ReactElement, ReactNode } from 'react';
import { useApp } from '../state/app-slice';

/**
 * The root element with the markers tests wait on: `data-app-state` (loading, ready, error) and
 * the number of monitor updates received.
 *
 * `children` is created once by the caller, so the panels do not re-render with these counters.
 */
export function AppRoot({ children }: { children: ReactNode }): ReactElement {
  const phase = useApp((state) => state.phase);
  const updates = useApp((state) => state.updates);
  const startError = useApp((state) => state.startError);
  return (
    <div className="app" data-testid="app" data-app-state={phase} data-monitor-updates={updates}>
      {phase === 'error' ? (
        <p className="start-error" role="alert" data-testid="start-error">
          The monitor could not start: {startError}
        </p>
      ) : null}
      {children}
    </div>
  );
}
