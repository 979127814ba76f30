import type { ReactElement } from 'react';
import { formatAgo, formatBytes, formatCount, formatDuration } from '../format';
import { useCanWrite } from '../state/app-slice';
import { navActions } from '../state/nav-slice';
import { taskActions } from '../state/tasks-slice';
import type { RosterRow } from '../state/worker-roster';
import { useWorkersUi, workerActions } from '../state/workers-slice';

/** One worker of the workers view: its facts from the last heartbeat, and its actions. */
export function WorkerViewRow({ row, now }: { row: RosterRow; now: number }): ReactElement {
  const { worker, goneAt } = row;
  const beat = worker.lastHeartbeat;
  const busy = useWorkersUi((state) => state.busy.includes(worker.workerId));
  const canWrite = useCanWrite();
  const online = goneAt === null && worker.state !== 'offline' && worker.state !== 'crashed';
  const actionable = canWrite && worker.local && online && worker.state !== 'stopping' && !busy;
  const at = Math.max(now, beat?.at ?? 0);
  return (
    <tr data-testid="worker-view-row" data-worker-id={worker.workerId} data-state={worker.state} data-pid={worker.pid ?? ''}>
      <td title={worker.lastError ?? ''}>
        {worker.workerId}
        {worker.restarts > 0 ? <span className="muted"> ↻{worker.restarts}</span> : null}
        {worker.lastError !== null ? <span className="error-text"> ⚠</span> : null}
      </td>
      <td>
        {beat?.host ?? ''}
        {worker.local ? '' : ' (remote)'}
      </td>
      <td>{worker.pid ?? ''}</td>
      <td>
        <span className={`badge worker-${worker.state}`}>{worker.state}</span>
        {goneAt !== null ? <span className="muted small"> left {formatAgo(goneAt, Math.max(now, goneAt))}</span> : null}
      </td>
      <td>{beat?.device ?? ''}</td>
      <td>{beat?.concurrency ?? ''}</td>
      <td className="path" title={beat?.active.map((job) => `${job.queue}:${job.id} (${job.name})`).join('\n') ?? ''}>
        {beat ? `${beat.active.length}${beat.active[0] ? `: ${beat.active[0].queue}/${beat.active[0].name}` : ''}` : ''}
      </td>
      <td>{beat ? formatCount(beat.processed) : ''}</td>
      <td>{beat ? formatCount(beat.failed) : ''}</td>
      <td data-testid="worker-retried">{beat ? formatCount(beat.retried) : ''}</td>
      <td>{beat ? formatBytes(beat.rssBytes) : ''}</td>
      <td>{beat ? `${Math.round(beat.cpuPercent)}%` : ''}</td>
      <td>{beat && online ? formatDuration((at - beat.startedAt) / 1000) : ''}</td>
      <td data-testid="worker-heartbeat">{beat ? formatAgo(beat.at, at) : 'none yet'}</td>
      <td className="actions">
        <button
          type="button"
          className="small-button"
          data-testid="worker-restart"
          disabled={!actionable}
          title="A fresh process replaces it; its jobs finish or go back to the queue"
          onClick={() => void workerActions.restart(worker.workerId)}
        >
          Restart
        </button>
        <button
          type="button"
          className="small-button danger"
          data-testid="worker-stop"
          disabled={!actionable}
          title="Stops it gracefully: its jobs finish first; the pool shrinks by one"
          onClick={() => void workerActions.stop(worker.workerId)}
        >
          Stop
        </button>
        <button
          type="button"
          className="link"
          data-testid="worker-tasks"
          onClick={() => {
            taskActions.showQuery(`worker:${worker.workerId}`);
            navActions.go('tasks');
          }}
        >
          tasks
        </button>
      </td>
    </tr>
  );
}
