import { useEffect, type ReactElement } from 'react';
import { useSnapshot } from '../state/monitor-slice';
import { seriesActions, useSeries } from '../state/series-slice';
import { useGpus } from '../state/workers-slice';
import { GpuCard } from './GpuCard';
import { GpuWaitList } from './GpuWaitList';

const NO_TIMES: number[] = [];

/** Each GPU with its one holder and live charts, then the one wait list; says plainly when work runs on the CPU. */
export function GpusView(): ReactElement {
  const { gpus, waiters, cpuOnly } = useGpus();
  const series = useSeries((state) => state.series);
  const now = useSnapshot((snapshot) => snapshot.at, 0);
  useEffect(() => seriesActions.watch(), []);
  return (
    <main className="view" data-testid="view-gpus">
      {gpus.length === 0 || cpuOnly ? (
        <section className="panel">
          <p className="empty" data-testid="gpus-none">
            No GPU found: work runs on the CPU. (Devices come from nvidia-smi and CUDA_VISIBLE_DEVICES; SEMANTIK_GPUS=sim:N simulates N.)
          </p>
        </section>
      ) : null}
      <div className="gpu-grid">
        {gpus.map((gpu) => (
          <GpuCard key={gpu.id} gpu={gpu} series={series?.gpus.find((one) => one.id === gpu.id)} t={series?.t ?? NO_TIMES} now={now} />
        ))}
      </div>
      {gpus.length > 0 ? <GpuWaitList waiters={waiters} now={now} /> : null}
    </main>
  );
}
