/** The texts the embedding benches embed: words of the built-in model's vocabulary, chunk-sized. */
import { seededRandom } from '../seeded-random.js';

/**
 * `count` texts of 3 to 250 words drawn from `words` (many short, some long, like the chunks of a
 * mixed folder); the same texts on every run.
 */
export function makeBenchTexts(words: readonly string[], count: number, seed = 42): string[] {
  const pool = words.filter((w) => /^[a-z]+$/.test(w)).slice(0, 20_000);
  const rnd = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const n = 3 + Math.floor(rnd() ** 2 * 247);
    return Array.from({ length: n }, () => pool[Math.floor(rnd() * pool.length)]).join(' ');
  });
}
