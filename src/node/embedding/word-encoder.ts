/**
 * Encodes a text word by word, each word's ids remembered. For a BERT-style tokenizer (BERT's
 * normalizer, or none, its pre-tokenizer and a WordPiece model that does not fuse unknown tokens)
 * a text's ids are its words' ids one after the other, words being what lies between spaces, tabs
 * and line breaks: no step looks across those (the pre-tokenizer drops them first; the normalizer's
 * steps, lowercasing and accent stripping included, see no further than them). Documents repeat
 * their words, so most words are looked up instead of normalized and split again, which is where
 * the tokenizer library spends its time (nine tenths of an embed call on the built-in model).
 *
 * Anything else (BPE's byte-level spaces, SentencePiece's word markers, unknown tokens fused into
 * one, added tokens that hold whitespace) is not split this way: such a tokenizer gets no word
 * encoder and the library encodes whole texts.
 */

/** A word: what lies between the characters every tokenizer served here drops. */
const WORD = /[^ \t\n\r]+/g;

/** Words remembered at most; past this the memory starts over (a document's words come back soon). */
export const WORD_CACHE_SIZE = 100_000;

/** Probes the word encoder must encode exactly as the library does before it is used. */
const PROBES = [
  'Hello, World! The quick brown fox.',
  'Ça va? Crème brûlée — naïve façade; ΟΔΥΣΣΕΥΣ',
  '東京タワー and 北京 in\ttabs\nand lines\r\n  spaced   out',
  'e-mail: someone@example.com (v2.0) [x] {y} "quoted" it’s',
  `${'a'.repeat(120)} unbelievablyunrecognizablewordpieces`,
  'control\u0000chars\u200bzero\u00a0width\u3000wide \u0301accent',
];

/** The tokenizer.json parts that decide whether a text may be split at whitespace first. */
export interface TokenizerShape {
  normalizer?: { type?: unknown } | null;
  pre_tokenizer?: { type?: unknown } | null;
  model?: { type?: unknown; fuse_unk?: unknown };
  added_tokens?: Array<{ content?: unknown }>;
}

/** Whether a tokenizer's texts encode as their whitespace-separated words do, one after the other. */
export function splitsAtWhitespace(shape: TokenizerShape): boolean {
  const normalizer = shape.normalizer?.type;
  if (shape.pre_tokenizer?.type !== 'BertPreTokenizer') return false;
  if (normalizer !== undefined && normalizer !== 'BertNormalizer') return false;
  // Fused unknown tokens would join the [UNK] of two neighbouring words into one.
  if (shape.model?.type !== 'WordPiece' || shape.model.fuse_unk === true) return false;
  return (shape.added_tokens ?? []).every((token) => typeof token.content === 'string' && !/\s/.test(token.content));
}

/**
 * A word as a string of its own. A word cut from a text can be a view into it that keeps the
 * whole text alive; as a key of the memory of words, that would keep every chunk a word came from.
 * (UTF-16 both ways, so that lone surrogates come back unchanged.)
 */
function ownCopy(word: string): string {
  return Buffer.from(word, 'utf16le').toString('utf16le');
}

/** Ids of a text with and without its special tokens, from the tokenizer library. */
export interface LibraryEncode {
  (text: string, addSpecialTokens: boolean): number[];
}

/** Encodes texts from their words' ids; `encode(text, maxIds)` may stop once it has more than maxIds. */
export interface WordEncoder {
  encode(text: string, maxIds: number): number[];
}

/** The special tokens a post-processor adds before and after a text's own ([CLS] … [SEP]). */
export interface SpecialTokens {
  before: readonly number[];
  after: readonly number[];
}

/**
 * The special tokens are those of an empty text; the ones before the text are those an empty text
 * shares with a one-word text.
 */
export function specialTokensOf(library: LibraryEncode): SpecialTokens {
  const empty = library('', true);
  const oneWord = library('a', true);
  let head = 0;
  while (head < empty.length && empty[head] === oneWord[head]) head++;
  return { before: empty.slice(0, head), after: empty.slice(head) };
}

/**
 * A word encoder over the library's `encode`, or null when the tokenizer's texts cannot be split at
 * whitespace, or when the probes do not come out exactly as the library encodes them.
 */
export function createWordEncoder(shape: TokenizerShape, library: LibraryEncode, { before, after }: SpecialTokens): WordEncoder | null {
  if (!splitsAtWhitespace(shape)) return null;
  const words = new Map<string, number[]>();

  const encode = (text: string, maxIds: number): number[] => {
    const ids = [...before];
    WORD.lastIndex = 0;
    for (let match = WORD.exec(text); match !== null; match = WORD.exec(text)) {
      const word = match[0];
      let known = words.get(word);
      if (known === undefined) {
        if (words.size >= WORD_CACHE_SIZE) words.clear();
        known = library(word, false);
        words.set(ownCopy(word), known);
      }
      for (const id of known) ids.push(id);
      // Past maxIds the caller keeps only the first ones and the trailing special tokens.
      if (ids.length > maxIds) break;
    }
    for (const id of after) ids.push(id);
    return ids;
  };

  const agrees = PROBES.every((probe) => {
    const expected = library(probe, true);
    const got = encode(probe, Number.MAX_SAFE_INTEGER);
    return got.length === expected.length && got.every((id, i) => id === expected[i]);
  });
  return agrees ? { encode } : null;
}
