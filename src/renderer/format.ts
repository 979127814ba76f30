/**
 * Pure formatting and derivation for the renderer: numbers, durations, progress and highlights.
 *
 * No DOM and no React here, so it is unit-tested in Node.
 */
import type { FolderInfo } from '../shared/monitor-types';

/** A count with thousands separators, stable across locales (tests read it). */
export function formatCount(value: number): string {
  return Math.round(value)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Seconds as `45 s`, `3 min 20 s`, `2 h 05 min`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** Bytes in binary units with one decimal. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** How long ago a timestamp was, relative to `now`. */
export function formatAgo(at: number, now: number): string {
  return `${formatDuration((now - at) / 1000)} ago`;
}

/** What the progress bar and the numbers of one folder show. */
export interface FolderProgressView {
  done: number;
  total: number;
  /** 0..1; 1 once the run has finished, whatever the counts say. */
  fraction: number;
  scanning: boolean;
  finished: boolean;
  skipped: number;
  chunks: number;
  chunksEmbedded: number;
  rateText: string;
  etaText: string;
  currentFile: string | null;
}

/**
 * Derives a folder's progress view from its latest run.
 *
 * Done counts files that reached an end state (indexed or failed) out of the files the scan queued;
 * unchanged and unsupported files are skipped and shown apart. While the scan runs, the total
 * still grows, so no ETA is given.
 */
export function folderProgress(folder: FolderInfo): FolderProgressView | null {
  const run = folder.run;
  if (run === null) return null;
  const finished = run.finishedAt !== null;
  const total = run.filesQueued;
  const done = Math.min(total, run.filesIndexed + run.filesFailed);
  const fraction = finished ? 1 : total === 0 ? 0 : done / total;
  return {
    done,
    total,
    fraction,
    scanning: !run.scanDone && !finished,
    finished,
    skipped: run.filesUnchanged + run.filesUnsupported,
    chunks: run.chunks,
    chunksEmbedded: run.chunksEmbedded,
    rateText: run.rate === null || finished ? '–' : `${run.rate.toFixed(1)} files/s`,
    etaText: finished ? 'done' : run.etaSeconds === null ? '–' : formatDuration(run.etaSeconds),
    currentFile: finished ? null : run.currentFile,
  };
}

/** A piece of a snippet, marked when it matches the query. */
export interface SnippetPart {
  text: string;
  match: boolean;
}

/**
 * Splits a snippet by its highlight ranges; ranges may be unsorted, overlapping or out of bounds
 * (they come over the wire), and are clamped and merged rather than trusted.
 */
export function splitHighlights(snippet: string, highlights: ReadonlyArray<readonly [number, number]>): SnippetPart[] {
  const ranges = highlights
    .map(([start, end]) => [Math.max(0, Math.min(start, snippet.length)), Math.max(0, Math.min(end, snippet.length))] as const)
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  const parts: SnippetPart[] = [];
  let cursor = 0;
  for (const [start, end] of ranges) {
    if (end <= cursor) continue;
    const from = Math.max(start, cursor);
    if (from > cursor) parts.push({ text: snippet.slice(cursor, from), match: false });
    const last = parts[parts.length - 1];
    // Adjacent or overlapping ranges become one mark.
    if (last?.match === true && from === cursor) last.text += snippet.slice(from, end);
    else parts.push({ text: snippet.slice(from, end), match: true });
    cursor = end;
  }
  if (cursor < snippet.length) parts.push({ text: snippet.slice(cursor), match: false });
  return parts;
}

/** The time between two timestamps (to `now` while running): `85 ms`, `12 s`; empty if not started. */
export function formatSpan(from: number | null, to: number | null, now: number): string {
  if (from === null) return '';
  const ms = Math.max(0, (to ?? now) - from);
  return ms < 1000 ? `${Math.round(ms)} ms` : formatDuration(ms / 1000);
}

// The user's locale decides the clock (24-hour or AM/PM) and the date order, the same in every view and chart.
const CLOCK = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const DATE_TIME = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** A local time of day in the user's locale: `14:03:27`, `02:03:27 PM`. */
export function formatClock(at: number): string {
  return CLOCK.format(at);
}

/** A local date and time in the user's locale: `29/11/2026, 14:03:27`, `11/29/2026, 02:03:27 PM`. */
export function formatDateTime(at: number): string {
  return DATE_TIME.format(at);
}

/** A time that is today as its clock time, else with its date. */
export function formatWhen(at: number, now: number): string {
  return new Date(at).toDateString() === new Date(now).toDateString() ? formatClock(at) : formatDateTime(at);
}

/** A duration in milliseconds: `85 ms`, `12 s`, `3 min 20 s`. */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : formatDuration(ms / 1000);
}

/** How far ahead a timestamp is: `in 5 h 02 min`, or `now` when due. */
export function formatIn(at: number, now: number): string {
  return at <= now ? 'now' : `in ${formatDuration((at - now) / 1000)}`;
}

/** A value or `n/a` when the source does not give it (a simulated GPU, an external Redis). */
export function orNa(value: number | null | undefined, format: (value: number) => string): string {
  return value === null || value === undefined || Number.isNaN(value) ? 'n/a' : format(value);
}
