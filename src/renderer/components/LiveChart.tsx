import { useEffect, useRef, type ReactElement } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** One line of a chart: its legend label, colour and values (aligned with the chart's times). */
export interface ChartSeries {
  label: string;
  color: string;
  values: ReadonlyArray<number | null>;
}

/** Fallback width before the container has been laid out. */
const DEFAULT_WIDTH = 320;
const FIELD = '\u0001';
const LINE = '\u0002';

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
  const plot = useRef<uPlot | null>(null);
  // The chart is rebuilt when its lines change (labels or colours), not when their values do; the
  // separators are control characters that no label or colour holds.
  const shape = series.map((one) => `${one.label}${FIELD}${one.color}`).join(LINE);
  const data: uPlot.AlignedData = [t.map((at) => at / 1000), ...series.map((one) => one.values.map((value) => value ?? null))];
  const latest = series.map((one) => lastValue(one.values));
  const highest = series.map((one) => one.values.reduce<number>((max, value) => (value !== null && value > max ? value : max), 0));

  // Made once per shape (series labels and colours); data changes go through setData below.
  useEffect(() => {
    const element = holder.current;
    if (element === null) return undefined;
    const options: uPlot.Options = {
      width: element.clientWidth || DEFAULT_WIDTH,
      height,
      series: [
        {},
        ...shape.split(LINE).map((line) => {
          const [label, stroke] = line.split(FIELD);
          return { label, stroke, width: 1.5, spanGaps: false };
        }),
      ],
      scales: { x: { time: true }, y: range ? { range } : { range: (_self, _min, max) => [0, Math.max(1, max)] } },
      axes: [{ size: 28 }, { size: 60, values: (_self, ticks) => ticks.map((tick) => format(tick)) }],
      cursor: { drag: { x: false, y: false } },
      legend: { show: true, live: true },
    };
    const chart = new uPlot(options, [[]], element);
    plot.current = chart;
    const observer = new ResizeObserver(() => chart.setSize({ width: element.clientWidth || DEFAULT_WIDTH, height }));
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.destroy();
      plot.current = null;
    };
    // `format` and `range` are fixed per chart by its caller; a new shape rebuilds the chart.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shape, height]);

  useEffect(() => {
    plot.current?.setData(data);
  });

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
