import type { ReactElement } from 'react';
import { formatAgo, formatBytes, formatCount } from '../format';
import { useSnapshot } from '../state/monitor-slice';
import { useWorkers, useWorkerTarget } from '../state/workers-slice';
import { Panel } from './Panel';
import { WorkerCountSelect } from './WorkerCountSelect';
import { WorkerScaleConfirm } from './WorkerScaleConfirm';

/** Worker processes, and the control that sets how many run. */
export function WorkersPanel(): ReactElement {
  const workers = useWorkers();
  const { target } = useWorkerTarget();
  const now = useSnapshot((snapshot) => snapshot.at, 0);

  const control = <WorkerCountSelect testId="worker-count" />;

  return (
    <Panel title="Workers" testId="panel-workers" actions={control}>
      <WorkerScaleConfirm testId="worker-count-confirm" />
      {workers.length === 0 ? (
        <p className="empty" data-testid="workers-empty">
          No workers are running{target === 0 ? ': the count is 0, so nothing is processed' : ''}.
        </p>
      ) : (
        <table className="table small">
          <thead>
            <tr>
              <th>worker</th>
              <th>pid</th>
              <th>state</th>
              <th>device</th>
              <th>current job</th>
              <th>done</th>
              <th>failed</th>
              <th>memory</th>
              <th>heartbeat</th>
            </tr>
          </thead>
          <tbody>
            {workers.map((worker) => {
              const beat = worker.lastHeartbeat;
              const job = beat?.active[0];
              return (
                <tr key={worker.workerId} data-testid="worker-row" data-state={worker.state} data-worker-id={worker.workerId}>
                  <td title={worker.lastError ?? ''}>
                    {worker.workerId}
                    {worker.local ? '' : ' (remote)'}
                    {worker.restarts > 0 ? <span className="muted"> ↻{worker.restarts}</span> : null}
                  </td>
                  <td>{worker.pid ?? ''}</td>
                  <td>
                    <span className={`badge worker-${worker.state}`}>{worker.state}</span>
                  </td>
                  <td>{beat?.device ?? ''}</td>
                  <td className="path" title={job ? `${job.queue}/${job.name} #${job.id}` : ''}>
                    {job ? `${job.queue}/${job.name}` : ''}
                    {beat !== null && beat.active.length > 1 ? ` +${beat.active.length - 1}` : ''}
                  </td>
                  <td>{beat ? formatCount(beat.processed) : ''}</td>
                  <td>{beat ? formatCount(beat.failed) : ''}</td>
                  <td>{beat ? formatBytes(beat.rssBytes) : ''}</td>
                  <td>{beat ? formatAgo(beat.at, Math.max(now, beat.at)) : 'none yet'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Panel>
  );
}
