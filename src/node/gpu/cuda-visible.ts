/**
 * CUDA_VISIBLE_DEVICES, read the way the CUDA runtime reads it.
 */
import type { SmiRow } from './nvidia-smi';

/**
 * The rows CUDA will expose, in CUDA device-id order (position in the list).
 *
 * Unset: every device. Empty: none. Entries are nvidia-smi indices or (prefixes of) UUIDs; like
 * CUDA, the list ends at the first entry that names no device (so `-1` hides everything).
 * Indices match CUDA's only with CUDA_DEVICE_ORDER=PCI_BUS_ID, which nvidia-smi always uses.
 */
export function visibleRows(rows: readonly SmiRow[], cudaVisibleDevices: string | undefined): SmiRow[] {
  const byIndex = [...rows].sort((a, b) => a.index - b.index);
  if (cudaVisibleDevices === undefined) return byIndex;
  const visible: SmiRow[] = [];
  for (const raw of cudaVisibleDevices.split(',')) {
    const entry = raw.trim();
    const row = findRow(byIndex, entry);
    // A repeated device is invalid for CUDA too; stopping there keeps us from leasing it twice.
    if (row === undefined || visible.includes(row)) break;
    visible.push(row);
  }
  return visible;
}

function findRow(rows: readonly SmiRow[], entry: string): SmiRow | undefined {
  if (/^\d+$/.test(entry)) return rows.find((row) => row.index === Number(entry));
  if (!/^GPU-/i.test(entry)) return undefined; // -1, MIG-…, garbage: CUDA stops here
  const matches = rows.filter((row) => row.uuid?.toLowerCase().startsWith(entry.toLowerCase()));
  return matches.length === 1 ? matches[0] : undefined;
}
