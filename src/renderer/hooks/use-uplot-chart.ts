/**
 * A uPlot chart (drawn on a canvas) in an element of the page: made once per set of lines, given
 * new data on every render, its width following the element's.
 */
import { useEffect, useRef, type RefObject } from 'react';
import uPlot from 'uplot';
import { formatClock } from '../format';

/** Fallback width before the container has been laid out. */
const DEFAULT_WIDTH = 320;
const FIELD = '\u0001';
const LINE = '\u0002';

/** One line of the chart as uPlot draws it: its legend label and its colour. */
export interface UplotLine {
  label: string;
  color: string;
}

/** How the chart is drawn; `format` and `range` stay as they are for the chart's life. */
export interface UplotChartOptions {
  height: number;
  /** Formats the axis ticks. */
  format: (value: number) => string;
  /** A fixed y range; absent: from 0 to the data's highest, at least 1. */
  range?: [number, number];
}

/** Draws `data` (times in seconds, then one array per line) in the element `holder` points at. */
export function useUplotChart(
  holder: RefObject<HTMLDivElement | null>,
  lines: readonly UplotLine[],
  data: uPlot.AlignedData,
  { height, format, range }: UplotChartOptions,
): void {
  const plot = useRef<uPlot | null>(null);
  // The chart is rebuilt when its lines change (labels or colours), not when their values do; the
  // separators are control characters that no label or colour holds.
  const shape = lines.map((one) => `${one.label}${FIELD}${one.color}`).join(LINE);

  // Made once per shape (series labels and colours); data changes go through setData below.
  useEffect(() => {
    const element = holder.current;
    if (element === null) return undefined;
    const options: uPlot.Options = {
      width: element.clientWidth || DEFAULT_WIDTH,
      height,
      series: [
        // Times as the rest of the monitor shows them (24-hour clock), not uPlot's own 12-hour default.
        { value: (_self, seconds) => (seconds === null ? '–' : formatClock(seconds * 1000)) },
        ...shape.split(LINE).map((line) => {
          const [label, stroke] = line.split(FIELD);
          return { label, stroke, width: 1.5, spanGaps: false };
        }),
      ],
      scales: { x: { time: true }, y: range ? { range } : { range: (_self, _min, max) => [0, Math.max(1, max)] } },
      // Ticks far enough apart for a whole clock time each (an AM/PM time is wide).
      axes: [
        { size: 28, space: 110, values: (_self, ticks) => ticks.map((seconds) => formatClock(seconds * 1000)) },
        { size: 60, values: (_self, ticks) => ticks.map((tick) => format(tick)) },
      ],
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
}
