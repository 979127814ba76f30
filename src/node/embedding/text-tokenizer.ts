/**
 * Tokenization with @huggingface/tokenizers, word by word where the tokenizer allows it
 * (word-encoder.ts), plus the truncation that library does not do.
 */
import { readFile } from 'node:fs/promises';
import { Tokenizer } from '@huggingface/tokenizers';
import { SemantikError } from '../../shared/errors.js';
import type { ModelSpec } from '../models/model-spec.js';
import { createWordEncoder, type TokenizerShape } from './word-encoder.js';

/** Turns a text into token ids the model accepts. */
export interface TextTokenizer {
  /** Token ids with the model's special tokens, at most `maxTokens` long. */
  encode(text: string): number[];
  /** The id used for padding (its attention mask is 0, so its value matters little). */
  padId: number;
  /** Longest sequence `encode` returns. */
  maxTokens: number;
}

function commonPrefix(a: readonly number[], b: readonly number[]): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
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
  // The special tokens a post-processor adds ([CLS] … [SEP]) show up around an empty text; a long
  // text is cut in the middle so that its trailing ones ([SEP]) survive, as the Rust library does.
  const empty = tokenizer.encode('').ids;
  const prefix = commonPrefix(empty, tokenizer.encode('a').ids);
  const suffix = empty.length - prefix;
  const maxTokens = Math.max(spec.maxTokens, empty.length + 1);
  const padToken = typeof spec.tokenizerConfig.pad_token === 'string' ? spec.tokenizerConfig.pad_token : '[PAD]';
  const padId = tokenizer.token_to_id(padToken) ?? 0;
  const words = createWordEncoder(shape, (text, addSpecialTokens) => tokenizer.encode(text, { add_special_tokens: addSpecialTokens }).ids);

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
