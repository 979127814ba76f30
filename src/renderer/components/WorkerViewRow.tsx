import { useState, type ReactElement } from 'react';
import { formatAgo, formatBytes, formatCount, formatDuration } from '../format';
import { useCanWrite } from '../state/app-slice';
import { navActions } from '../state/nav-slice';
import { taskActions } from '../state/tasks-slice';
import { CONFIRM_LABELS, workerQuestion, type WorkerAction } from '../state/worker-confirm';
import type { RosterRow } from '../state/worker-roster';
import { useWorkersUi, useWorkerTarget, workerActions } from '../state/workers-slice';
import { ConfirmBar } from './ConfirmBar';

/**
 * One worker of the workers view: its facts from the last heartbeat, and its actions. Stop and
 * Restart first ask, on a row of their own under the worker, naming it and what becomes of its
 * running jobs.
 */
export function WorkerViewRow({ row, now, columns }: { row: RosterRow; now: number; columns: number }): ReactElement {
  const { worker, goneAt } = row;
  const beat = worker.lastHeartbeat;
  const busy = useWorkersUi((state) => state.busy.includes(worker.workerId));
  const { target } = useWorkerTarget();
  const canWrite = useCanWrite();
  const [asking, setAsking] = useState<WorkerAction | null>(null);
  const online = goneAt === null && worker.state !== 'offline' && worker.state !== 'crashed';
  const actionable = canWrite && worker.local && online && worker.state !== 'stopping' && !busy;
  const at = Math.max(now, beat?.at ?? 0);
  const act = (action: WorkerAction): void => {
    setAsking(null);
    void (action === 'stop' ? workerActions.stop(worker.workerId) : workerActions.restart(worker.workerId));
  };
  return (
    <>
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
        <WorkerActionsCell workerId={worker.workerId} actionable={actionable} onAsk={setAsking} />
      </tr>
      {asking !== null && actionable ? (
        <tr data-testid="worker-confirm-row" data-worker-id={worker.workerId}>
          <td colSpan={columns}>
            <ConfirmBar
              testId="worker-confirm"
              data={{ 'data-action': asking, 'data-worker-id': worker.workerId }}
              question={workerQuestion(asking, worker, target)}
              yes={CONFIRM_LABELS[asking]}
              onYes={() => act(asking)}
              onNo={() => setAsking(null)}
            />
          </td>
        </tr>
      ) : null}
    </>
  );
}

/** Restart and Stop (each asks first, through `onAsk`), and the link to the worker's tasks. */
function WorkerActionsCell({
  workerId,
  actionable,
  onAsk,
}: {
  workerId: string;
  actionable: boolean;
  onAsk: (action: WorkerAction) => void;
}): ReactElement {
  return (
    <td className="actions">
      <button
        type="button"
        className="small-button"
        data-testid="worker-restart"
        disabled={!actionable}
        title="A fresh process replaces it; its jobs finish or go back to the queue"
        onClick={() => onAsk('restart')}
      >
        Restart
      </button>
      <button
        type="button"
        className="small-button danger"
        data-testid="worker-stop"
        disabled={!actionable}
        title="Stops it gracefully: its jobs finish first; the pool shrinks by one"
        onClick={() => onAsk('stop')}
      >
        Stop
      </button>
      <button
        type="button"
        className="link"
        data-testid="worker-tasks"
        onClick={() => {
          taskActions.showQuery(`worker:${workerId}`);
          navActions.go('tasks');
        }}
      >
        tasks
      </button>
    </td>
  );
}
