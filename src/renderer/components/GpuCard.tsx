import type { ReactElement } from 'react';
import type { GpuInfo } from '../../shared/monitor-types';
import type { GpuSeries } from '../../shared/series';
import { GpuCharts } from './GpuCharts';
import { GpuFacts } from './GpuFacts';

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
      <GpuFacts gpu={gpu} now={now} />
      <GpuCharts series={series} t={t} />
    </section>
  );
}
