import type { ReactElement } from 'react';
import { formatAgo } from '../format';
import { useSnapshot } from '../state/monitor-slice';
import { useGpus } from '../state/workers-slice';
import { Panel } from './Panel';

/** GPUs with live stats and the one worker holding each, then who waits; says plainly when work runs on the CPU. */
export function GpusPanel(): ReactElement {
  const { gpus, waiters, cpuOnly } = useGpus();
  const now = useSnapshot((snapshot) => snapshot.at, 0);
  return (
    <Panel title="GPUs" testId="panel-gpus">
      {gpus.length === 0 || cpuOnly ? (
        <p className="empty" data-testid="no-gpu">
          No GPU: work runs on CPU.
        </p>
      ) : null}
      {gpus.length > 0 ? (
        <table className="table small">
          <thead>
            <tr>
              <th>GPU</th>
              <th>use</th>
              <th>memory</th>
              <th>temp.</th>
              <th>held by</th>
              <th>its jobs</th>
            </tr>
          </thead>
          <tbody>
            {gpus.map((gpu) => (
              <tr key={gpu.id} data-testid="gpu-row">
                <td>
                  {gpu.index}: {gpu.name}
                  {gpu.simulated ? <span className="muted"> (simulated)</span> : null}
                </td>
                <td>{gpu.utilizationPercent === null ? '–' : `${gpu.utilizationPercent}%`}</td>
                <td>{gpu.memoryUsedMiB === null ? '–' : `${gpu.memoryUsedMiB} of ${gpu.memoryTotalMiB ?? '?'} MiB`}</td>
                <td>{gpu.temperatureC === null ? '–' : `${gpu.temperatureC} °C`}</td>
                <td>
                  {gpu.lease === null ? (
                    <span className="muted">free</span>
                  ) : (
                    `${gpu.lease.workerId ?? gpu.lease.holder}${gpu.lease.pid !== null ? ` pid ${gpu.lease.pid}` : ''} (${formatAgo(gpu.lease.since, Math.max(now, gpu.lease.since))})`
                  )}
                </td>
                <td>{gpu.lease === null ? '' : gpu.lease.jobIds.length > 0 ? gpu.lease.jobIds.length : 'idle'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {gpus.length > 0 ? (
        <p className="small muted" data-testid="gpus-panel-waiting">
          waiting for a GPU: {waiters.length === 0 ? 'nobody' : waiters.map((waiter) => waiter.workerId ?? waiter.owner).join(', ')}
        </p>
      ) : null}
    </Panel>
  );
}
