/**
 * How `semantik search` prints a file and its passages: the JSON entry, and the human lines.
 */
import type { FileSearchHit, SearchPassage } from '../../shared/monitor-types';

/** One passage in the command's JSON: where it is in the file, its snippet and score. */
export interface PassageResult {
  snippet: string;
  score: number;
  /** First and last line of the passage; null for formats without lines (PDF pages). */
  lines: [number, number | null] | null;
  page: number | null;
  ranks: { keyword: number | null; vector: number | null } | null;
}

/** One file in the command's JSON: its best score and its passages, best first. */
export interface FileResult {
  path: string;
  score: number;
  passages: PassageResult[];
}

const rounded = (score: number): number => Math.round(score * 10_000) / 10_000;

function passageResult(passage: SearchPassage): PassageResult {
  return {
    snippet: passage.snippet,
    score: rounded(passage.score),
    lines: passage.lineStart !== null ? [passage.lineStart, passage.lineEnd] : null,
    page: passage.page,
    ranks: passage.ranks ?? null,
  };
}

/** A file as the command's JSON shows it. */
export function fileResult(file: FileSearchHit): FileResult {
  return { path: file.path, score: rounded(file.score), passages: file.passages.map(passageResult) };
}

/** ` (p. 3)` or ` (lines 10–24)`: where in the file the passage is. */
export function place(passage: Pick<PassageResult, 'page' | 'lines'>): string {
  if (passage.page !== null) return ` (p. ${passage.page})`;
  if (!passage.lines) return '';
  const [start, end] = passage.lines;
  return end !== null && end !== start ? ` (lines ${start}–${end})` : ` (line ${start})`;
}

const oneLine = (snippet: string): string => snippet.replace(/\s+/g, ' ');

/**
 * A file as lines for a person: `n. path (place)  (score)` and its best passage, then each further
 * passage indented deeper with its own place and score.
 */
export function humanFile(file: FileResult, i: number): string {
  const [best, ...more] = file.passages;
  const head = `${i + 1}. ${file.path}${best ? place(best) : ''}  (${file.score.toFixed(3)})`;
  const lines = [head, ...(best ? [`   ${oneLine(best.snippet)}`] : [])];
  for (const passage of more) lines.push(`     ·${place(passage)}  (${passage.score.toFixed(3)})  ${oneLine(passage.snippet)}`);
  return lines.join('\n');
}
