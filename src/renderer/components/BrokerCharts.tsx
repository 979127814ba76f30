import type { ReactElement } from 'react';
import type { SeriesSnapshot } from '../../shared/series';
import { formatBytes } from '../format';
import { LiveChart } from './LiveChart';

const NO_TIMES: number[] = [];
const NO_VALUES: Array<number | null> = [];

/** Redis's commands per second and memory used over the last minutes (empty until the series arrive). */
export function BrokerCharts({ series }: { series: SeriesSnapshot | null }): ReactElement {
  return (
    <div className="chart-grid">
      <LiveChart
        testId="broker-chart-ops"
        title="commands/s"
        t={series?.t ?? NO_TIMES}
        series={[{ label: 'ops/s', color: '#2f6feb', values: series?.redisOpsPerSecond ?? NO_VALUES }]}
        height={100}
      />
      <LiveChart
        testId="broker-chart-memory"
        title="memory"
        t={series?.t ?? NO_TIMES}
        series={[{ label: 'used', color: '#8250df', values: series?.redisMemoryBytes ?? NO_VALUES }]}
        format={formatBytes}
        height={100}
      />
    </div>
  );
}
