/** The texts the embedding benches embed: words of the built-in model's vocabulary, chunk-sized. */

/** A small deterministic generator (mulberry32), so every run embeds the same texts. */
export function seededRandom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
