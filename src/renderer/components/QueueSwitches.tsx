import type { ReactElement } from 'react';
import { QUEUES } from '../../shared/jobs';
import { formatCount } from '../format';
import { useCanWrite } from '../state/app-slice';
import { queueActions, useQueueSwitches } from '../state/queues-slice';
import { useQueues } from '../state/workers-slice';

/** One pause/resume switch per queue, with what waits in it; a paused queue starts no new job. */
export function QueueSwitches(): ReactElement {
  const { queues } = useQueues();
  const busy = useQueueSwitches((state) => state.busy);
  const canWrite = useCanWrite();
  return (
    <div className="row small queue-switches" data-testid="queue-switches">
      <span className="muted">Queues:</span>
      {QUEUES.map((name) => {
        const queue = queues.find((one) => one.name === name);
        const paused = queue?.paused ?? false;
        const waiting = queue ? queue.waiting + queue.prioritized : 0;
        return (
          <span
            key={name}
            className={paused ? 'queue-switch queue-paused' : 'queue-switch'}
            data-testid="queue-switch"
            data-queue={name}
            data-paused={paused}
          >
            <span>
              {name} <span className="muted">{formatCount(waiting)} waiting</span>
              {paused ? <span className="badge badge-warn">paused</span> : null}
            </span>
            <button
              type="button"
              className="small-button"
              data-testid="queue-pause"
              data-queue={name}
              disabled={!canWrite || busy.includes(name) || queue === undefined}
              onClick={() => void queueActions.setPaused(name, !paused)}
            >
              {paused ? 'Resume' : 'Pause'}
            </button>
          </span>
        );
      })}
    </div>
  );
}
