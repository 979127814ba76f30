import type { ReactElement } from 'react';
import type { GpuInfo, GpuTaskMemory } from '../../shared/monitor-types';
import { formatAgo, formatClock, formatMs, orNa } from '../format';

/** Memory before and after the device's last task; a simulated device measures its worker's RSS. */
function taskMemoryText(memory: GpuTaskMemory): string {
  const mib = (value: number | null): string => (value === null ? '?' : `${value} MiB`);
  const what = memory.source === 'process-rss' ? ' (worker RSS)' : '';
  return `${mib(memory.beforeMiB)} before, ${mib(memory.afterMiB)} after${what}${memory.released ? ', session released' : ''}`;
}

/** A GPU's facts now: its holder, the holder's jobs and lease, and the device's own figures. */
export function GpuFacts({ gpu, now }: { gpu: GpuInfo; now: number }): ReactElement {
  const lease = gpu.lease;
  return (
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
  );
}
