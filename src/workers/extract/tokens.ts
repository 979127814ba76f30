/**
 * Token estimates and cuts, without a tokenizer: the chunker sizes thousands of pieces per file, and
 * running the model's tokenizer on each would cost more than the estimate's error is worth.
 *
 * A word of up to 6 letters counts as one token, longer words one per 6 letters (WordPiece splits
 * long and rare words), each punctuation mark one, and each Chinese or Japanese character one. On
 * English prose this lands within about 15% of BERT's WordPiece count.
 */

const TOKEN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[\p{L}\p{N}\p{M}_]+|[^\s\p{L}\p{N}\p{M}_]/gu;
/** Characters per token for long words and for hard cuts; matches the estimate above. */
const CHARS_PER_TOKEN = 6;

/** Estimated model tokens in `text`. */
export function estimateTokens(text: string): number {
  let tokens = 0;
  for (const match of text.matchAll(TOKEN)) {
    const length = match[0].length;
    tokens += length <= CHARS_PER_TOKEN ? 1 : Math.ceil(length / CHARS_PER_TOKEN);
  }
  return tokens;
}

/** Greedily joins `parts` with `joiner` into pieces of at most `max` tokens (a bigger part stands alone). */
function pack(parts: readonly string[], joiner: string, max: number): string[] {
  const pieces: string[] = [];
  let current = '';
  let tokens = 0;
  for (const part of parts) {
    const size = estimateTokens(part);
    if (current !== '' && tokens + size > max) {
      pieces.push(current);
      current = '';
      tokens = 0;
    }
    current = current === '' ? part : current + joiner + part;
    tokens += size;
  }
  if (current !== '') pieces.push(current);
  return pieces;
}

/** Cuts a word with no spaces (minified code, base64) into pieces of at most `max` tokens. */
function hardCut(word: string, max: number): string[] {
  const width = max * CHARS_PER_TOKEN;
  const pieces: string[] = [];
  for (let start = 0; start < word.length; start += width) pieces.push(word.slice(start, start + width));
  return pieces;
}

/**
 * Cuts one line of text into pieces of at most `max` tokens: at sentence ends first, then between
 * words, and only for a single huge word inside it.
 */
export function splitLine(line: string, max: number): string[] {
  if (estimateTokens(line) <= max) return [line];
  const pieces: string[] = [];
  for (const sentence of line.split(/(?<=[.!?;。！？])\s+/u)) {
    if (estimateTokens(sentence) <= max) {
      pieces.push(sentence);
      continue;
    }
    const words = sentence.split(/\s+/u).flatMap((word) => (estimateTokens(word) > max ? hardCut(word, max) : [word]));
    pieces.push(...pack(words, ' ', max));
  }
  return pack(pieces, ' ', max);
}

/** The last words of `text` worth about `tokens` tokens (the overlap carried into the next chunk). */
export function tailTokens(text: string, tokens: number): string {
  const words = text.split(/\s+/u).filter(Boolean);
  let taken = 0;
  let start = words.length;
  while (start > 0) {
    const size = estimateTokens(words[start - 1]!);
    if (taken + size > tokens) break;
    taken += size;
    start -= 1;
  }
  return words.slice(start).join(' ');
}
