/**
 * Test corpora: folders of generated text, Markdown and source files, deterministic per seed, with
 * sentences planted where a test will look for them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const WORDS = (
  'report system data value market team project quarter budget process service customer product ' +
  'policy review meeting schedule network server update version release support account contract ' +
  'office manager department strategy revenue growth sales plan analysis document figure table summary ' +
  'section result method approach issue change request design feature option setting user access'
).split(' ');

/** A small deterministic pseudo-random generator (mulberry32), so corpora are the same every run. */
export function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sentence(random: () => number): string {
  const length = 8 + Math.floor(random() * 10);
  const words = Array.from({ length }, () => WORDS[Math.floor(random() * WORDS.length)]!);
  const first = words[0]!;
  words[0] = first[0]!.toUpperCase() + first.slice(1);
  return `${words.join(' ')}.`;
}

/** Filler prose: `paragraphs` paragraphs of a few sentences each. */
export function filler(random: () => number, paragraphs: number): string {
  return Array.from({ length: paragraphs }, () =>
    Array.from({ length: 3 + Math.floor(random() * 4) }, () => sentence(random)).join(' '),
  ).join('\n\n');
}

export interface Corpus {
  root: string;
  files: string[];
}

/**
 * Writes `count` files under `root` in a few subfolders (text, Markdown and TypeScript), each a
 * few paragraphs long. `planted` maps a file index to a sentence placed in that file.
 */
export function makeCorpus(root: string, count: number, planted: Record<number, string> = {}, seed = 42): Corpus {
  const random = rng(seed);
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const dir = join(root, `part-${i % 7}`, i % 3 === 0 ? 'notes' : 'docs');
    mkdirSync(dir, { recursive: true });
    const kind = i % 5 === 0 ? 'md' : i % 11 === 0 ? 'ts' : 'txt';
    const path = join(dir, `file-${String(i).padStart(4, '0')}.${kind}`);
    const plant = planted[i];
    let body: string;
    if (kind === 'md') body = `# Notes ${i}\n\n${filler(random, 2)}\n\n## Details\n\n${plant ?? filler(random, 1)}\n`;
    else if (kind === 'ts')
      body = `// Module ${i}\nexport function handler${i}(input: string): string {\n  return input.trim();\n}\n/* ${plant ?? sentence(random)} */\n`;
    else body = plant ? `${sentence(random)}\n\n${plant}\n` : `${filler(random, 2 + Math.floor(random() * 3))}\n`;
    writeFileSync(path, body);
    files.push(path);
  }
  return { root, files };
}
