import { useEffect, type ReactElement } from 'react';
import { formatCount } from '../format';
import { useSnapshot } from '../state/monitor-slice';
import { navActions } from '../state/nav-slice';
import { seriesActions, useSeries } from '../state/series-slice';
import { useQueues, useWorkers } from '../state/workers-slice';
import { LiveChart } from './LiveChart';
import { Panel } from './Panel';
import { Tile } from './Tile';

const NO_TIMES: number[] = [];
const NO_VALUES: number[] = [];

/** The work at a glance: totals now, and throughput and failure rate over the last minutes. */
export function DashboardView(): ReactElement {
  const series = useSeries((state) => state.series);
  const error = useSeries((state) => state.error);
  const workers = useWorkers();
  const { queues } = useQueues();
  const folders = useSnapshot((snapshot) => snapshot.folders.length, 0);
  useEffect(() => seriesActions.watch(), []);
  const sum = (pick: (queue: (typeof queues)[number]) => number): number => queues.reduce((total, queue) => total + pick(queue), 0);
  const online = workers.filter((worker) => worker.state !== 'offline' && worker.state !== 'crashed').length;
  const busy = workers.filter((worker) => worker.state === 'busy').length;
  const t = series?.t ?? NO_TIMES;
  const failurePercent = (series?.failureRate ?? []).map((rate) => (rate === null ? null : Math.round(rate * 1000) / 10));
  return (
    <main className="view" data-testid="view-dashboard">
      <div className="tiles">
        <Tile label={`workers online (${busy} busy)`} value={formatCount(online)} testId="tile-workers" />
        <Tile label="jobs running" value={formatCount(sum((queue) => queue.active))} testId="tile-active" />
        <Tile label="jobs waiting" value={formatCount(sum((queue) => queue.waiting + queue.prioritized))} testId="tile-waiting" />
        {/* Delayed jobs (the daily cleanup, retries backing off) are not work waiting for a worker. */}
        <Tile label="scheduled for later" value={formatCount(sum((queue) => queue.delayed))} testId="tile-delayed" />
        <Tile
          label="failed (in Redis)"
          value={formatCount(sum((queue) => queue.failed))}
          testId="tile-failed"
          bad={sum((queue) => queue.failed) > 0}
        />
        <Tile label="folders" value={formatCount(folders)} testId="tile-folders" />
      </div>
      {error !== null ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <Panel
        title="Throughput and failures, last minutes"
        testId="panel-dashboard"
        actions={
          <button type="button" className="link small" onClick={() => navActions.go('tasks')}>
            see the tasks
          </button>
        }
      >
        <div className="chart-grid">
          <LiveChart
            testId="chart-jobs"
            title="jobs finished per second"
            t={t}
            series={[{ label: 'jobs/s', color: '#2f6feb', values: series?.jobsPerSecond ?? NO_VALUES }]}
          />
          <LiveChart
            testId="chart-chunks"
            title="chunks embedded per second"
            t={t}
            series={[{ label: 'chunks/s', color: '#1a7f37', values: series?.chunksPerSecond ?? NO_VALUES }]}
          />
          <LiveChart
            testId="chart-failures"
            title="failure rate (failed of finished)"
            t={t}
            series={[{ label: 'failed %', color: '#c62828', values: failurePercent }]}
            range={[0, 100]}
            format={(value) => `${value}%`}
          />
          <LiveChart
            testId="chart-failures-per-second"
            title="failures per second"
            t={t}
            series={[{ label: 'failed/s', color: '#9a6700', values: series?.failuresPerSecond ?? NO_VALUES }]}
          />
        </div>
      </Panel>
    </main>
  );
}
