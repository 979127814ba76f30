import type { ReactElement } from 'react';
import { formatBytes, formatCount } from '../format';
import { useCanWrite } from '../state/app-slice';
import { useQueues, useWorkersUi, workerActions } from '../state/workers-slice';
import { Panel } from './Panel';

/** Queue counts, the pause switch and the broker (Redis) figures. */
export function QueuesPanel(): ReactElement {
  const { queues, broker, paused } = useQueues();
  const toggling = useWorkersUi((state) => state.toggling);
  const canWrite = useCanWrite();
  const toggle = (
    <button
      type="button"
      data-testid="queue-toggle"
      data-paused={paused}
      disabled={!canWrite || toggling}
      onClick={() => void workerActions.setPaused(!paused)}
    >
      {paused ? 'Resume queues' : 'Pause queues'}
    </button>
  );
  return (
    <Panel title="Queues" testId="panel-queues" actions={toggle}>
      {paused ? (
        <p className="badge badge-warn" data-testid="queues-paused">
          Paused: running jobs finish, no new ones start.
        </p>
      ) : null}
      <table className="table small">
        <thead>
          <tr>
            <th>queue</th>
            <th>waiting</th>
            <th>active</th>
            <th>delayed</th>
            <th>done</th>
            <th>failed</th>
          </tr>
        </thead>
        <tbody>
          {queues.map((queue) => (
            <tr
              key={queue.name}
              data-testid="queue-row"
              data-queue={queue.name}
              data-waiting={queue.waiting + queue.prioritized}
              data-active={queue.active}
            >
              <td>{queue.name}</td>
              <td>{formatCount(queue.waiting + queue.prioritized + queue.waitingChildren)}</td>
              <td>{formatCount(queue.active)}</td>
              <td>{formatCount(queue.delayed)}</td>
              <td>{formatCount(queue.completed)}</td>
              <td className={queue.failed > 0 ? 'error-text' : ''}>{formatCount(queue.failed)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {broker !== null ? (
        <p className="small muted" data-testid="broker">
          Redis {broker.redisVersion}
          {broker.external ? ' (external)' : ''}: {formatBytes(broker.usedMemoryBytes)} used, {broker.connectedClients} clients,{' '}
          {broker.opsPerSecond} ops/s{broker.aofEnabled ? ', AOF on' : ''}
        </p>
      ) : null}
    </Panel>
  );
}
