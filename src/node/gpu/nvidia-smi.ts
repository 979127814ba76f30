/**
 * nvidia-smi: running it and parsing its CSV output.
 */
import { execFile } from 'node:child_process';
import type { SmiRunner } from './gpu-types';

/** How long nvidia-smi may take; a wedged driver can make it hang. */
export const SMI_TIMEOUT_MS = 5_000;

/** The query both detection and live stats use; {@link parseSmiCsv} expects these columns. */
export const SMI_QUERY_ARGS: readonly string[] = [
  '--query-gpu=index,uuid,name,memory.total,memory.used,utilization.gpu,temperature.gpu,power.draw',
  '--format=csv,noheader,nounits',
];

/** One line of nvidia-smi output; null where it printed `[N/A]`, `[Not Supported]` or the like. */
export interface SmiRow {
  /** nvidia-smi's index (PCI bus order), not necessarily the CUDA device id. */
  index: number;
  uuid: string | null;
  name: string;
  memoryTotalMiB: number | null;
  memoryUsedMiB: number | null;
  utilizationPercent: number | null;
  temperatureC: number | null;
  powerW: number | null;
}

/** Runs the real nvidia-smi with {@link SMI_TIMEOUT_MS}. */
export const defaultSmiRunner: SmiRunner = (args) =>
  new Promise((resolve, reject) => {
    execFile('nvidia-smi', [...args], { timeout: SMI_TIMEOUT_MS, windowsHide: true, encoding: 'utf8' }, (error, stdout) => {
      if (error) reject(error);
      else resolve(stdout);
    });
  });

/** Parses `--format=csv,noheader,nounits` output of {@link SMI_QUERY_ARGS}; skips malformed lines. */
export function parseSmiCsv(text: string): SmiRow[] {
  const rows: SmiRow[] = [];
  for (const line of text.split(/\r?\n/)) {
    const raw = line.split(',');
    const fields = raw.map((field) => field.trim());
    if (fields.length < 8) continue;
    // Only the name can hold a comma: take the fixed columns from both ends.
    const [indexText = '', uuid = ''] = fields;
    const tail = fields.slice(-5);
    const index = Number(indexText);
    if (indexText === '' || !Number.isInteger(index)) continue;
    rows.push({
      index,
      uuid: isUnavailable(uuid) ? null : uuid,
      name: raw.slice(2, -5).join(',').trim(),
      memoryTotalMiB: toNumber(tail[0]),
      memoryUsedMiB: toNumber(tail[1]),
      utilizationPercent: toNumber(tail[2]),
      temperatureC: toNumber(tail[3]),
      powerW: toNumber(tail[4]),
    });
  }
  return rows;
}

function isUnavailable(value: string): boolean {
  // nvidia-smi prints [N/A], [Not Supported], [Unknown Error], [Insufficient Permissions]...
  return value === '' || value.startsWith('[') || value === 'N/A';
}

function toNumber(value: string | undefined): number | null {
  if (value === undefined || isUnavailable(value)) return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}
