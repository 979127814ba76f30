import type { ReactElement } from 'react';
import type { GpuWaiter } from '../../shared/monitor-types';
import { formatMs } from '../format';

/** The one list of workers waiting for a GPU (any device), first come first served, with their jobs. */
export function GpuWaitList({ waiters, now }: { waiters: readonly GpuWaiter[]; now: number }): ReactElement {
  return (
    <section className="panel" data-testid="gpu-wait-list" data-waiters={waiters.length} aria-label="Waiting for a GPU">
      <div className="panel-head">
        <h2>Waiting for a GPU ({waiters.length})</h2>
        <span className="muted small">first come, first served; each worker waits once for all its jobs</span>
      </div>
      {waiters.length === 0 ? (
        <p className="muted small">No one waits.</p>
      ) : (
        <ol className="small waiters" data-testid="gpu-waiters">
          {waiters.map((waiter) => (
            <li key={waiter.owner} data-testid="gpu-waiter" data-worker={waiter.workerId ?? waiter.owner}>
              {waiter.workerId ?? waiter.owner}
              {waiter.pid ? <span className="muted"> pid {waiter.pid}</span> : null}
              {waiter.jobIds.length > 0 ? <span className="muted"> jobs {waiter.jobIds.join(', ')}</span> : null}{' '}
              <span className="muted">waiting {formatMs(waiter.waitingMs ?? Math.max(0, now - waiter.since))}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
