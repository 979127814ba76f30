/** The default model's tokenizer.json: word-level lookup in the format `@huggingface/tokenizers` reads. */
import { Tokenizer } from '@huggingface/tokenizers';
import { SPECIAL_TOKENS } from './vocabulary.js';

/** A JSON object in the Hugging Face tokenizer.json layout. */
export type TokenizerJson = Record<string, unknown>;

/**
 * Builds a tokenizer.json whose ids are `SPECIAL_TOKENS` then `words` in order.
 *
 * tokenizers.js 0.2.0 has no WordLevel model, so this is a WordPiece model with no `##` pieces:
 * a word is either in the vocabulary whole or becomes [UNK], exactly WordLevel's behaviour, and the
 * Rust `tokenizers` library reads the same file. The padding and truncation blocks are for other
 * readers (tokenizers.js ignores them; the embedder pads and truncates itself).
 */
export function buildTokenizerJson(words: readonly string[], maxTokens: number): TokenizerJson {
  const vocab: Record<string, number> = {};
  [...SPECIAL_TOKENS, ...words].forEach((w, i) => {
    vocab[w] = i;
  });
  return {
    version: '1.0',
    truncation: { direction: 'Right', max_length: maxTokens, strategy: 'LongestFirst', stride: 0 },
    padding: {
      strategy: 'BatchLongest',
      direction: 'Right',
      pad_to_multiple_of: null,
      pad_id: 0,
      pad_type_id: 0,
      pad_token: '[PAD]',
    },
    added_tokens: SPECIAL_TOKENS.map((content, id) => ({
      id,
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: true, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: null,
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
  };
}

/** Loads a tokenizer.json object with the library the app uses (this is the check that it loads). */
export function loadTokenizer(json: TokenizerJson): Tokenizer {
  return new Tokenizer(json, { pad_token: '[PAD]', unk_token: '[UNK]', model_max_length: maxLengthOf(json) });
}

function maxLengthOf(json: TokenizerJson): number {
  const t = json.truncation as { max_length?: number } | null;
  return t?.max_length ?? 256;
}

/** The words of `candidates` that the tokenizer maps to themselves as one token, in order. */
export function reachableWords(candidates: readonly string[]): string[] {
  const tokenizer = loadTokenizer(buildTokenizerJson(candidates, 256));
  return candidates.filter((w) => {
    const tokens = tokenizer.tokenize(w, { add_special_tokens: false });
    return tokens.length === 1 && tokens[0] === w;
  });
}
