/**
 * A small folder with a file of each fate: indexed, failed, skipped, and one the scan never
 * records (a hidden name).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildZip } from './zip-builder';

/** What `writeMixedFolder` writes, counted as the store counts a folder's files. */
export const MIXED_COUNTS = { files: 6, indexed: 3, failed: 1, skipped: 2, pending: 0 } as const;

/** Writes the folder (made if missing): three notes, a broken .docx, an image and an unnamed binary, a hidden note. */
export function writeMixedFolder(folder: string): void {
  mkdirSync(folder, { recursive: true });
  for (const [index, topic] of ['tomatoes in the garden', 'the harbour ferry timetable', 'a sourdough starter'].entries()) {
    writeFileSync(join(folder, `note-${index}.txt`), `An ordinary note about ${topic}, written to be indexed.\n`);
  }
  // A ZIP archive named .docx: the Word extractor finds no document in it, so the file fails.
  writeFileSync(join(folder, 'report.docx'), buildZip([{ name: 'readme.txt', data: 'just a zip archive, renamed' }]));
  // Skipped on purpose: an image by its name, and a file without an extension by its bytes.
  writeFileSync(join(folder, 'photo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]));
  writeFileSync(join(folder, 'noise'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
  // A hidden file is not a file of the folder at all: the scan never records it.
  writeFileSync(join(folder, '.hidden-note.txt'), 'A hidden note that is never indexed.\n');
}
