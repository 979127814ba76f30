/**
 * English function words: what a keyword ranking that matches any word of a query leaves out.
 *
 * Pure data. Matching any word of "where is frobnicate_widget42 defined" would otherwise rank every
 * chunk holding "is"; bm25 puts those low, but in a fused ranking they meet the vector ranking's
 * candidates and push aside the one chunk that has the identifier. bench/search-recall.ts measured
 * it: with them, hybrid recall@10 was 45 % on paraphrases (78 % for vectors alone) and 5 of 32
 * identifier questions were lost; without them, 78 % and none. Lucene's English set, plus question
 * words, auxiliaries and pronouns, since people type questions.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with ' +
    'what where when who whom which why how do does did doing done have has had having am were been being can could would should ' +
    'may might must shall i me my mine we us our you your he him his she her its them those from about after before over under ' +
    'up down out off so than too very any all some each also just only own same other here s t'
  ).split(' '),
);

/** True when the word (any case) is a stop word. */
export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word.toLowerCase());
}

/**
 * The terms that are not made of stop words only; all of them when nothing else is left (a query
 * such as "to be or not to be" has nothing but stop words to search for).
 */
export function withoutStopWords(terms: readonly string[]): string[] {
  const meaningful = terms.filter((term) => !(term.match(/[\p{L}\p{N}]+/gu) ?? []).every(isStopWord));
  return meaningful.length > 0 ? meaningful : [...terms];
}
