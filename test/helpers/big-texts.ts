/** Texts that cost the embedder real work: for tests that need a call or a job to last. */

const WORDS = 'report system data value market team project quarter budget process service customer product policy review'.split(' ');

/**
 * `count` texts of 256 tokens or more each: about a millisecond of CPU per text with the built-in
 * model. Every fourth word is one never seen before (a common word with a unique suffix), so the
 * tokenizer's memory of words cannot make the texts cheap.
 */
export function bigTexts(count: number, seed = 0): string[] {
  const word = (i: number, w: number): string => {
    const common = WORDS[(i * 7 + w * 3 + seed) % WORDS.length]!;
    return w % 4 === 0 ? `${common}${(seed * 2 ** 21 + i * 256 + w).toString(36)}` : common;
  };
  return Array.from({ length: count }, (_, i) => `${seed}-${i} ${Array.from({ length: 250 }, (_, w) => word(i, w)).join(' ')}`);
}
