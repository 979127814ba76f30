import type { ReactElement } from 'react';
import { formatCount } from '../format';
import { useSnapshot } from '../state/monitor-slice';
import { useRoster, useWorkerTarget } from '../state/workers-slice';
import { AutoscaleForm } from './AutoscaleForm';
import { Panel } from './Panel';
import { WorkerCountSelect } from './WorkerCountSelect';
import { WorkerScaleConfirm } from './WorkerScaleConfirm';
import { WorkerViewRow } from './WorkerViewRow';

const HEADERS = [
  'worker',
  'host',
  'pid',
  'state',
  'device',
  'concurrency per queue',
  'running (all queues)',
  'processed',
  'failed',
  'retried',
  'memory',
  'CPU',
  'uptime',
  'last heartbeat',
  '',
];

/** Every worker, online and lately offline, with its figures and actions; the pool's size and autoscale. */
export function WorkersView(): ReactElement {
  const rows = useRoster();
  const { target } = useWorkerTarget();
  const now = useSnapshot((snapshot) => snapshot.at, 0);
  const online = rows.filter((row) => row.goneAt === null && row.worker.state !== 'offline').length;
  const control = <WorkerCountSelect testId="workers-view-count" />;
  return (
    <main className="view" data-testid="view-workers">
      <Panel
        title={`Workers: ${formatCount(online)} online, ${formatCount(rows.length - online)} offline`}
        testId="panel-workers-view"
        actions={control}
      >
        <WorkerScaleConfirm testId="workers-view-count-confirm" />
        <AutoscaleForm />
        {rows.length === 0 ? (
          <p className="empty" data-testid="workers-view-empty">
            No workers{target === 0 ? ': the count is 0, so nothing is processed' : ''}.
          </p>
        ) : (
          <div className="scroll-x">
            <table className="table small">
              <thead>
                <tr>
                  {HEADERS.map((header) => (
                    <th key={header}>{header}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <WorkerViewRow key={row.worker.workerId} row={row} now={now} columns={HEADERS.length} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="muted small">
          Processed, failed (no attempt left) and retried (a failed attempt sent back for another) count jobs since the worker started; ↻
          counts restarts after crashes. Workers that left stay listed as offline for 5 minutes.
        </p>
      </Panel>
    </main>
  );
}
