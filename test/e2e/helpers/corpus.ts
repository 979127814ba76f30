/**
 * Test folders: plain-text documents on varied topics, with one planted sentence to search for.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The sentence the search test looks for; it is in exactly one file. */
export const PLANTED_SENTENCE = 'The lighthouse keeper counted seventeen albatrosses circling the harbour at dawn.';
/** The file that holds it, relative to the corpus root. */
export const PLANTED_FILE = join('notes', 'planted.txt');

const TOPICS = [
  'Quarterly revenue grew as the sales team closed contracts with regional distributors.',
  'The sourdough starter needs flour and water every day to stay active and bubbly.',
  'Photosynthesis converts light energy into chemical energy stored in glucose molecules.',
  'The football match ended in a draw after a late penalty in the second half.',
  'Kubernetes schedules containers onto nodes according to resource requests and limits.',
  'Medieval castles were built with thick stone walls, moats and narrow arrow slits.',
  'Regular exercise and a balanced diet reduce the risk of heart disease.',
  'The orchestra rehearsed the symphony twice before the opening night concert.',
];

/** Writes `files` documents (plus the planted one) under a new temp folder; returns its path. */
export function makeCorpus(files: number): string {
  const root = mkdtempSync(join(tmpdir(), 'semantik-corpus-'));
  mkdirSync(join(root, 'notes'), { recursive: true });
  for (let index = 0; index < files; index++) {
    const lines = Array.from({ length: 12 }, (_, line) => `${TOPICS[(index + line) % TOPICS.length]} Note ${index}.${line}.`);
    writeFileSync(join(root, `doc-${String(index).padStart(4, '0')}.txt`), `${lines.join('\n')}\n`);
  }
  writeFileSync(join(root, PLANTED_FILE), `Field notes from the coast.\n${PLANTED_SENTENCE}\nThe tide was low.\n`);
  return root;
}
