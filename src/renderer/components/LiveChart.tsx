import { useRef, type ReactElement } from 'react';
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useUplotChart, type UplotLine } from '../hooks/use-uplot-chart';

/** One line of a chart: its legend label, colour and values (aligned with the chart's times). */
export interface ChartSeries extends UplotLine {
  values: ReadonlyArray<number | null>;
}

/**
 * A small live time-series chart (uPlot, drawn on a canvas). Times are epoch milliseconds; a
 * missing sample (null) leaves a gap. The chart is made once per set of series and given new
 * data as it arrives; its width follows the container.
 *
 * uPlot positions its parts through element styles set from script (CSSOM), which the page's CSP
 * (`style-src 'self'`) allows; its stylesheet is bundled with the page, nothing is fetched.
 */
export function LiveChart({
  testId,
  title,
  t,
  series,
  height = 130,
  format = (value) => String(value),
  range,
}: {
  testId: string;
  title: string;
  t: readonly number[];
  series: readonly ChartSeries[];
  height?: number;
  /** Formats the latest value shown beside the title and the axis ticks. */
  format?: (value: number) => string;
  /** A fixed y range (percentages: [0, 100]); absent: fitted to the data, from 0. */
  range?: [number, number];
}): ReactElement {
  const holder = useRef<HTMLDivElement>(null);
  const data: uPlot.AlignedData = [t.map((at) => at / 1000), ...series.map((one) => one.values.map((value) => value ?? null))];
  const latest = series.map((one) => lastValue(one.values));
  const highest = series.map((one) => one.values.reduce<number>((max, value) => (value !== null && value > max ? value : max), 0));

  useUplotChart(holder, series, data, { height, format, range });

  return (
    <figure
      className="chart"
      data-testid={testId}
      data-points={t.length}
      data-latest={latest.map((value) => value ?? '').join(',')}
      data-max={Math.max(0, ...highest)}
    >
      <figcaption className="chart-title small">
        <span>{title}</span>
        <span className="muted">
          {series.map((one, index) => {
            const value = latest[index];
            return (
              <span key={one.label} className="chart-latest">
                {one.label}: {value === null || value === undefined ? 'n/a' : format(value)}
              </span>
            );
          })}
        </span>
      </figcaption>
      <div ref={holder} className="chart-canvas" />
    </figure>
  );
}

function lastValue(values: ReadonlyArray<number | null>): number | null {
  for (let i = values.length - 1; i >= 0; i--) {
    const value = values[i];
    if (value !== null && value !== undefined) return value;
  }
  return null;
}
