/**
 * The tasks table's columns: which exist, what each is called, which sort field it sorts by, how
 * wide it is, and (pure: unit-tested in Node; the choice is kept in the browser by the tasks slice).
 */
import type { TaskSortField } from '../../shared/tasks';

/** Every column the table can show, in display order. */
export const TASK_COLUMNS = [
  'job',
  'state',
  'queue',
  'priority',
  'attempts',
  'worker',
  'device',
  'gpu-before',
  'gpu-after',
  'folder',
  'progress',
  'added',
  'started',
  'finished',
  'duration',
  'parent',
  'error',
] as const;
export type TaskColumn = (typeof TASK_COLUMNS)[number];

/** A column's header, its sort field (null: not sortable), its least width in pixels and its share of the rest. */
export interface ColumnInfo {
  label: string;
  sort: TaskSortField | null;
  min: number;
  grow: number;
}

/** How each column is shown. */
export const COLUMN_INFO: Record<TaskColumn, ColumnInfo> = {
  job: { label: 'job', sort: 'name', min: 170, grow: 2 },
  state: { label: 'state', sort: 'state', min: 110, grow: 0 },
  queue: { label: 'queue', sort: 'queue', min: 64, grow: 0 },
  priority: { label: 'priority', sort: null, min: 60, grow: 0 },
  attempts: { label: 'attempts', sort: 'attempts', min: 66, grow: 0 },
  worker: { label: 'worker', sort: 'worker', min: 60, grow: 0 },
  device: { label: 'device', sort: 'device', min: 64, grow: 0 },
  'gpu-before': { label: 'GPU mem. before', sort: null, min: 96, grow: 0 },
  'gpu-after': { label: 'GPU mem. after', sort: null, min: 96, grow: 0 },
  folder: { label: 'folder', sort: 'folder', min: 120, grow: 1.5 },
  progress: { label: 'progress', sort: 'progress', min: 66, grow: 0 },
  added: { label: 'added', sort: 'addedAt', min: 80, grow: 0 },
  started: { label: 'started', sort: 'startedAt', min: 80, grow: 0 },
  finished: { label: 'finished', sort: 'finishedAt', min: 80, grow: 0 },
  duration: { label: 'duration', sort: 'duration', min: 76, grow: 0 },
  parent: { label: 'parent', sort: null, min: 110, grow: 1 },
  error: { label: 'error', sort: null, min: 140, grow: 2 },
};

/** The columns shown until a person picks others. */
export const DEFAULT_COLUMNS: readonly TaskColumn[] = [
  'job',
  'state',
  'attempts',
  'worker',
  'device',
  'folder',
  'added',
  'duration',
  'error',
];

/** Keeps known columns, in display order, without repeats; the job column is always there. */
export function normalizeColumns(columns: readonly string[]): TaskColumn[] {
  const chosen = new Set(columns);
  chosen.add('job');
  return TASK_COLUMNS.filter((column) => chosen.has(column));
}

/** Pixels between two columns (the rows' CSS `gap`). */
const COLUMN_GAP = 8;
/** The rows' horizontal padding. */
const ROW_PADDING = 16;

/** The CSS grid template of the shown columns: each at least its width, growing columns share the rest. */
export function gridTemplate(columns: readonly TaskColumn[]): string {
  return columns
    .map((column) => {
      const { min, grow } = COLUMN_INFO[column];
      return grow > 0 ? `minmax(${min}px, ${grow}fr)` : `${min}px`;
    })
    .join(' ');
}

/** The least width of a row of the shown columns: narrower, the table scrolls sideways. */
export function rowMinWidth(columns: readonly TaskColumn[]): number {
  return columns.reduce((sum, column) => sum + COLUMN_INFO[column].min, 0) + COLUMN_GAP * Math.max(0, columns.length - 1) + ROW_PADDING;
}
