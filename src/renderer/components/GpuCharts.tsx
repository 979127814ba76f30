import type { ReactElement } from 'react';
import type { GpuSeries } from '../../shared/series';
import { LiveChart } from './LiveChart';

const NO_VALUES: Array<number | null> = [];

/** A GPU's figures over the last minutes (empty until its series arrive). */
export function GpuCharts({ series, t }: { series: GpuSeries | undefined; t: readonly number[] }): ReactElement {
  const values = (pick: (one: GpuSeries) => Array<number | null>): Array<number | null> => (series ? pick(series) : NO_VALUES);
  const times = series ? t : [];
  return (
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
  );
}
