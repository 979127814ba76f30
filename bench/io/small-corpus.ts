/**
 * A folder of many small text files for the folder benches: a few hundred bytes each of English-like
 * prose (words of the built-in model's vocabulary, common words far more often than rare ones, as in
 * real text), 100 files a folder, the same files on every run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from '../seeded-random.js';
import { builtInWords } from '../transformer-model/write-model-folder.js';

/** Files per folder: a folder of a few hundred files is usual; ten thousand in one is not. */
const FILES_PER_FOLDER = 100;
/** Words drawn from: the model's vocabulary is ordered by frequency, so these are the common ones. */
const VOCABULARY = 20_000;

export interface SmallCorpus {
  root: string;
  files: number;
  bytes: number;
}

/** A sentence of 5 to 18 words; each word's rank is log-uniform, roughly Zipf's law. */
function sentence(words: readonly string[], random: () => number): string {
  const length = 5 + Math.floor(random() * 14);
  const picked = Array.from({ length }, () => words[Math.floor(words.length ** random()) - 1] ?? 'the');
  const first = picked[0] ?? 'the';
  picked[0] = first.charAt(0).toUpperCase() + first.slice(1);
  return `${picked.join(' ')}${random() < 0.1 ? '?' : '.'}`;
}

/** Writes `count` files of 200 to 700 bytes under `root` (Markdown with a heading every fifth). */
export async function writeSmallCorpus(root: string, count: number, seed = 42): Promise<SmallCorpus> {
  const words = (await builtInWords()).filter((word) => /^[a-z]+$/.test(word)).slice(0, VOCABULARY);
  const random = seededRandom(seed);
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const dir = join(root, `group-${Math.floor(i / (FILES_PER_FOLDER * 10))}`, `folder-${Math.floor(i / FILES_PER_FOLDER) % 10}`);
    if (i % FILES_PER_FOLDER === 0) mkdirSync(dir, { recursive: true });
    const markdown = i % 5 === 0;
    const target = 200 + Math.floor(random() * 500);
    let text = markdown ? `# ${sentence(words, random).slice(0, -1)}\n\n` : '';
    while (text.length < target) text += `${sentence(words, random)}${random() < 0.2 ? '\n\n' : ' '}`;
    text = `${text.trimEnd()}\n`;
    writeFileSync(join(dir, `note-${String(i).padStart(5, '0')}.${markdown ? 'md' : 'txt'}`), text);
    bytes += Buffer.byteLength(text);
  }
  return { root, files: count, bytes };
}
