import type { ReactElement } from 'react';
import type { GpuSeries } from '../../shared/series';
import { LiveChart } from './LiveChart';

const NO_VALUES: Array<number | null> = [];

/** The charts of a GPU card: what each shows and how. */
const CHARTS: ReadonlyArray<{
  testId: string;
  title: string;
  label: string;
  color: string;
  pick: (one: GpuSeries) => Array<number | null>;
  range?: [number, number];
}> = [
  {
    testId: 'gpu-chart-util',
    title: 'utilisation %',
    label: 'use',
    color: '#2f6feb',
    pick: (one) => one.utilizationPercent,
    range: [0, 100],
  },
  { testId: 'gpu-chart-memory', title: 'memory MiB', label: 'used', color: '#8250df', pick: (one) => one.memoryUsedMiB },
  { testId: 'gpu-chart-temp', title: 'temperature °C', label: 'temp', color: '#c62828', pick: (one) => one.temperatureC },
  { testId: 'gpu-chart-power', title: 'power W', label: 'power', color: '#9a6700', pick: (one) => one.powerW },
];

/** A GPU's figures over the last minutes (empty until its series arrive). */
export function GpuCharts({ series, t }: { series: GpuSeries | undefined; t: readonly number[] }): ReactElement {
  const values = (pick: (one: GpuSeries) => Array<number | null>): Array<number | null> => (series ? pick(series) : NO_VALUES);
  const times = series ? t : [];
  return (
    <div className="chart-grid">
      {CHARTS.map((chart) => (
        <LiveChart
          key={chart.testId}
          testId={chart.testId}
          title={chart.title}
          t={times}
          series={[{ label: chart.label, color: chart.color, values: values(chart.pick) }]}
          {...(chart.range ? { range: chart.range } : {})}
          height={90}
        />
      ))}
    </div>
  );
}
