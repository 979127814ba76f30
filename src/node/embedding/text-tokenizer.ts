/**
 * Tokenization with @huggingface/tokenizers, word by word where the tokenizer allows it
 * (word-encoder.ts), plus the truncation that library does not do.
 */
import { readFile } from 'node:fs/promises';
import { Tokenizer } from '@huggingface/tokenizers';
import { SemantikError } from '../../shared/errors.js';
import type { ModelSpec } from '../models/model-spec.js';
import { createWordEncoder, specialTokensOf, type LibraryEncode, type TokenizerShape } from './word-encoder.js';

/** Turns a text into token ids the model accepts. */
export interface TextTokenizer {
  /** Token ids with the model's special tokens, at most `maxTokens` long. */
  encode(text: string): number[];
  /** The id used for padding (its attention mask is 0, so its value matters little). */
  padId: number;
  /** Longest sequence `encode` returns. */
  maxTokens: number;
}

/** Loads `spec.tokenizerPath`; throws SemantikError('MODEL') if the library cannot read it. */
export async function createTextTokenizer(spec: ModelSpec): Promise<TextTokenizer> {
  let tokenizer: Tokenizer;
  let shape: TokenizerShape;
  try {
    shape = JSON.parse(await readFile(spec.tokenizerPath, 'utf8')) as TokenizerShape;
    tokenizer = new Tokenizer(shape, spec.tokenizerConfig);
  } catch (cause) {
    throw new SemantikError('MODEL', `Cannot load ${spec.tokenizerPath}`, { cause });
  }
  const library: LibraryEncode = (text, addSpecialTokens) => tokenizer.encode(text, { add_special_tokens: addSpecialTokens }).ids;
  // A long text is cut in the middle so that its trailing special tokens ([SEP]) survive, as the
  // Rust library does.
  const specials = specialTokensOf(library);
  const suffix = specials.after.length;
  const maxTokens = Math.max(spec.maxTokens, specials.before.length + suffix + 1);
  const padToken = typeof spec.tokenizerConfig.pad_token === 'string' ? spec.tokenizerConfig.pad_token : '[PAD]';
  const padId = tokenizer.token_to_id(padToken) ?? 0;
  const words = createWordEncoder(shape, library, specials);

  return {
    padId,
    maxTokens,
    encode(text: string): number[] {
      const ids = words ? words.encode(text, maxTokens) : tokenizer.encode(text).ids;
      if (ids.length <= maxTokens) return ids;
      return suffix > 0 ? [...ids.slice(0, maxTokens - suffix), ...ids.slice(ids.length - suffix)] : ids.slice(0, maxTokens);
    },
  };
}
