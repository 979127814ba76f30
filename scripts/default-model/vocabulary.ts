/** Choosing the model's words and their SIF weights from a frequency-ordered list of word vectors. */

/** The reserved tokens, in id order: their vectors are zero so they contribute nothing to a mean. */
export const SPECIAL_TOKENS = ['[PAD]', '[UNK]'] as const;

/** What the tokenizer's BertNormalizer does to a word (NFD, drop combining marks, lowercase). */
export function normalizeWord(word: string): string {
  return word
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .toLowerCase();
}

/**
 * Smooth-inverse-frequency weight a / (a + p(w)) of Arora et al. (2017), with p(w) from Zipf's law.
 *
 * The source list gives frequency ranks but no counts, so p(rank) = 1 / (rank · H(total)), H being
 * the harmonic number over the whole list: frequent words ("the", ",") get weights near zero.
 */
export function sifWeight(rank: number, totalWords: number, a = 1e-3): number {
  const p = zipfProbability(rank, totalWords);
  return a / (a + p);
}

/** p(word of frequency rank `rank`) under Zipf's law over a list of `totalWords` words. */
export function zipfProbability(rank: number, totalWords: number): number {
  const harmonic = Math.log(totalWords) + 0.5772156649 + 1 / (2 * totalWords);
  return 1 / (rank * harmonic);
}

/** A chosen word: its normalised form (the token) and its 1-based frequency rank in the source. */
export interface ChosenWord {
  token: string;
  rank: number;
  source: string;
}

/**
 * Candidate tokens in frequency order: normalised, first (most frequent) spelling kept on collision.
 *
 * Whether the tokenizer can ever produce a candidate (e.g. "e-mail" cannot: punctuation splits it)
 * is decided later with the real tokenizer, so the two can never disagree.
 */
export function candidateWords(words: readonly string[], limit: number): ChosenWord[] {
  const seen = new Set<string>(SPECIAL_TOKENS);
  const out: ChosenWord[] = [];
  for (let i = 0; i < words.length && out.length < limit; i++) {
    const source = words[i];
    const token = normalizeWord(source);
    if (token.length === 0 || seen.has(token)) continue;
    seen.add(token);
    out.push({ token, rank: i + 1, source });
  }
  return out;
}
