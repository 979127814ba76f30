import type { ReactElement } from 'react';
import type { GpuInfo, GpuTaskMemory } from '../../shared/monitor-types';
import type { GpuSeries } from '../../shared/series';
import { formatAgo, formatClock, formatMs, orNa } from '../format';
import { LiveChart } from './LiveChart';

const NO_VALUES: Array<number | null> = [];

/** Memory before and after the device's last task; a simulated device measures its worker's RSS. */
function taskMemoryText(memory: GpuTaskMemory): string {
  const mib = (value: number | null): string => (value === null ? '?' : `${value} MiB`);
  const what = memory.source === 'process-rss' ? ' (worker RSS)' : '';
  return `${mib(memory.beforeMiB)} before, ${mib(memory.afterMiB)} after${what}${memory.released ? ', session released' : ''}`;
}

/** One GPU: its one holder (worker, pid, the jobs using it) and since when, its figures and their charts. */
export function GpuCard({
  gpu,
  series,
  t,
  now,
}: {
  gpu: GpuInfo;
  series: GpuSeries | undefined;
  t: readonly number[];
  now: number;
}): ReactElement {
  const lease = gpu.lease;
  const values = (pick: (one: GpuSeries) => Array<number | null>): Array<number | null> => (series ? pick(series) : NO_VALUES);
  const times = series ? t : [];
  return (
    <section
      className="panel gpu-card"
      data-testid="gpu-card"
      data-gpu-id={gpu.id}
      data-lease-holder={lease?.holder ?? ''}
      data-holder-worker={lease?.workerId ?? ''}
      data-holder-jobs={lease?.jobIds.length ?? 0}
      aria-label={`GPU ${gpu.index}`}
    >
      <div className="panel-head">
        <h2>
          {gpu.index}: {gpu.name}
          {gpu.simulated ? <span className="muted"> (simulated)</span> : null}
        </h2>
        <span className="muted small">{gpu.id}</span>
      </div>
      <dl className="facts small">
        <div>
          <dt>held by</dt>
          <dd data-testid="gpu-holder">
            {lease === null ? (
              <span className="muted">free</span>
            ) : (
              <>
                {lease.workerId ?? lease.holder}
                {lease.pid !== null ? <span className="muted"> pid {lease.pid}</span> : null}
              </>
            )}
          </dd>
        </div>
        <div>
          <dt>its jobs</dt>
          <dd data-testid="gpu-holder-jobs">
            {lease === null ? (
              '–'
            ) : lease.jobIds.length > 0 ? (
              lease.jobIds.join(', ')
            ) : (
              <span className="muted">none: kept idle (nobody waits)</span>
            )}
          </dd>
        </div>
        <div>
          <dt>since</dt>
          <dd data-testid="gpu-since">
            {lease === null ? '–' : `${formatClock(lease.since)} (${formatAgo(lease.since, Math.max(now, lease.since))})`}
          </dd>
        </div>
        <div>
          <dt>lease expires</dt>
          <dd>{lease === null ? '–' : `in ${formatMs(lease.expiresInMs)} (renewed while held)`}</dd>
        </div>
        <div>
          <dt>utilisation</dt>
          <dd data-testid="gpu-util">{orNa(gpu.utilizationPercent, (value) => `${value}%`)}</dd>
        </div>
        <div>
          <dt>memory</dt>
          <dd data-testid="gpu-memory">{orNa(gpu.memoryUsedMiB, (value) => `${value} of ${gpu.memoryTotalMiB ?? '?'} MiB`)}</dd>
        </div>
        <div>
          <dt>last task</dt>
          <dd data-testid="gpu-task-memory" title={gpu.taskMemory ? `${gpu.taskMemory.owner}, measured by ${gpu.taskMemory.source}` : ''}>
            {gpu.taskMemory ? taskMemoryText(gpu.taskMemory) : <span className="muted">none yet</span>}
          </dd>
        </div>
        <div>
          <dt>temperature</dt>
          <dd data-testid="gpu-temp">{orNa(gpu.temperatureC, (value) => `${value} °C`)}</dd>
        </div>
        <div>
          <dt>power</dt>
          <dd data-testid="gpu-power">{orNa(gpu.powerW, (value) => `${value} W`)}</dd>
        </div>
      </dl>
      <div className="chart-grid">
        <LiveChart
          testId="gpu-chart-util"
          title="utilisation %"
          t={times}
          series={[{ label: 'use', color: '#2f6feb', values: values((one) => one.utilizationPercent) }]}
          range={[0, 100]}
          height={90}
        />
        <LiveChart
          testId="gpu-chart-memory"
          title="memory MiB"
          t={times}
          series={[{ label: 'used', color: '#8250df', values: values((one) => one.memoryUsedMiB) }]}
          height={90}
        />
        <LiveChart
          testId="gpu-chart-temp"
          title="temperature °C"
          t={times}
          series={[{ label: 'temp', color: '#c62828', values: values((one) => one.temperatureC) }]}
          height={90}
        />
        <LiveChart
          testId="gpu-chart-power"
          title="power W"
          t={times}
          series={[{ label: 'power', color: '#9a6700', values: values((one) => one.powerW) }]}
          height={90}
        />
      </div>
    </section>
  );
}
