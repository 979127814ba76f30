import type { ReactElement } from 'react';
import { QUEUES } from '../../shared/jobs';
import type { QueueCounts } from '../../shared/monitor-types';
import { formatCount, formatMs } from '../format';
import { useCanWrite } from '../state/app-slice';
import { queueActions, useQueueSwitches } from '../state/queues-slice';

const STATES: Array<[keyof QueueCounts, string]> = [
  ['waiting', 'waiting'],
  ['prioritized', 'prioritised'],
  ['delayed', 'delayed'],
  ['waitingChildren', 'waiting children'],
  ['active', 'active'],
  ['completed', 'completed'],
  ['failed', 'failed'],
];

/** Per queue: its counts per state as Redis holds them, whether paused, the oldest waiting job's age. */
export function BrokerQueues({ queues, oldest }: { queues: readonly QueueCounts[]; oldest: Record<string, number | null> }): ReactElement {
  const busy = useQueueSwitches((state) => state.busy);
  const canWrite = useCanWrite();
  return (
    <table className="table small" data-testid="broker-queues">
      <thead>
        <tr>
          <th>queue</th>
          {STATES.map(([, label]) => (
            <th key={label}>{label}</th>
          ))}
          <th>oldest waiting</th>
          <th>paused</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {queues.map((queue) => {
          const age = oldest[queue.name];
          const name = QUEUES.find((one) => one === queue.name);
          return (
            <tr
              key={queue.name}
              data-testid="broker-queue"
              data-queue={queue.name}
              data-paused={queue.paused}
              data-waiting={queue.waiting + queue.prioritized}
            >
              <td>{queue.name}</td>
              {STATES.map(([key, label]) => (
                <td key={label} data-count={key} className={key === 'failed' && queue.failed > 0 ? 'error-text' : ''}>
                  {formatCount(Number(queue[key]))}
                </td>
              ))}
              <td data-testid="broker-oldest">{age === null || age === undefined ? 'n/a' : age === 0 ? '–' : formatMs(age)}</td>
              <td>{queue.paused ? <span className="badge badge-warn">paused</span> : 'no'}</td>
              <td>
                <button
                  type="button"
                  className="small-button"
                  data-testid="broker-queue-pause"
                  data-queue={queue.name}
                  disabled={!canWrite || busy.includes(queue.name) || name === undefined}
                  onClick={() => name !== undefined && void queueActions.setPaused(name, !queue.paused)}
                >
                  {queue.paused ? 'Resume' : 'Pause'}
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
