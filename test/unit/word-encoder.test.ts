/**
 * The word-by-word encoder gives exactly the library's ids: checked against @huggingface/tokenizers
 * on the built-in model's tokenizer and on a BERT one ([CLS] … [SEP]), over two thousand texts each
 * mixing accents, case, CJK, other scripts, emoji, control and zero-width characters, Unicode
 * spaces, special tokens written in the text and overlong words, many cut at the model's limit.
 * Tokenizers of other shapes are left to the library (checked by shape, and by the probes).
 */
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTransformerModel } from '../../bench/transformer-model/write-model-folder';
import { seededRandom } from '../../bench/seeded-random';
import { createTextTokenizer, type TextTokenizer } from '../../src/node/embedding/text-tokenizer';
import {
  createWordEncoder,
  specialTokensOf,
  splitsAtWhitespace,
  WORD_CACHE_SIZE,
  type LibraryEncode,
} from '../../src/node/embedding/word-encoder';
import { defaultModelDir } from '../../src/node/models/default-model-dir';
import { loadModelSpec, type ModelSpec } from '../../src/node/models/model-spec';

/** Pieces of text the normalizer and pre-tokenizer treat each in their own way. */
const PIECES = [
  'the',
  'River',
  'QUARTERLY',
  'report',
  'unbelievable',
  'antidisestablishmentarianism',
  'x',
  '42',
  '3.14',
  'v2.0',
  ',',
  '.',
  '!',
  '?',
  '—',
  '–',
  '…',
  '"',
  '’',
  '(',
  ')',
  '[CLS]',
  '[MASK]',
  '##ing',
  '@',
  '#',
  'e-mail',
  'it’s',
  'café',
  'Crème',
  'brûlée',
  'naïve',
  'ΟΔΥΣΣΕΥΣ',
  'Σ',
  'straße',
  'İstanbul',
  'ǅ',
  'ﬁne',
  'Ⅻ',
  '①',
  '東京',
  '北京大学',
  'タワー',
  '한국어',
  'Москва',
  'עברית',
  'العربية',
  'हिन्दी',
  '🙂',
  '👩‍🔬',
  '🇫🇷',
  'e\u0301',
  '\u0301',
  'a\u0000b',
  '\u200b',
  '\u00ad',
  '\ufeff',
  '\ufffd',
  '\u0007',
  'zero\u200dwidth',
  'a'.repeat(99),
  'b'.repeat(101),
  'supercalifragilisticexpialidocious'.repeat(3),
];
const GAPS = [' ', ' ', ' ', '  ', '\t', '\n', '\r\n', ' \n ', '\u00a0', '\u3000', '\u2003', '\u2028', '', '-', '/'];

function randomTexts(count: number, seed: number): string[] {
  const rnd = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  return Array.from({ length: count }, () => {
    const words = Math.floor(rnd() ** 2 * 400);
    let text = rnd() < 0.2 ? pick(GAPS) : '';
    for (let i = 0; i < words; i++) text += pick(PIECES) + pick(GAPS);
    return text;
  });
}

/** The library's ids for a text, cut as the app cuts them: the first ones and the trailing special tokens. */
function libraryIds(library: Tokenizer, text: string, tokenizer: TextTokenizer, suffix: number): number[] {
  const ids = library.encode(text).ids;
  if (ids.length <= tokenizer.maxTokens) return ids;
  return [...ids.slice(0, tokenizer.maxTokens - suffix), ...ids.slice(ids.length - suffix)];
}

async function pair(spec: ModelSpec): Promise<{ app: TextTokenizer; library: Tokenizer; json: object }> {
  const json = JSON.parse(await readFile(spec.tokenizerPath, 'utf8')) as object;
  return { app: await createTextTokenizer(spec), library: new Tokenizer(json, spec.tokenizerConfig), json };
}

describe('the word-by-word encoder', () => {
  let base: string;
  let bertDir: string;
  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'semantik-word-encoder-'));
    bertDir = await writeTransformerModel(base);
  }, 60_000);
  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it.each([
    ['the built-in model', 0],
    ['a BERT model with [CLS] and [SEP]', 1],
  ])('encodes 2,000 varied texts exactly as the library does: %s', { timeout: 120_000 }, async (_name, which) => {
    const spec = await loadModelSpec(which === 0 ? defaultModelDir() : bertDir);
    const { app, library, json } = await pair(spec);
    expect(splitsAtWhitespace(json)).toBe(true);
    // The app's tokenizer encodes word by word here: its probes came out as the library's.
    const encode: LibraryEncode = (text, special) => library.encode(text, { add_special_tokens: special }).ids;
    expect(createWordEncoder(json, encode, specialTokensOf(encode))).not.toBeNull();
    const suffix = which === 0 ? 0 : 1;
    let cut = 0;
    for (const text of randomTexts(2_000, 11 + which)) {
      const expected = libraryIds(library, text, app, suffix);
      if (expected.length === app.maxTokens) cut += 1;
      expect(app.encode(text), JSON.stringify(text.slice(0, 200))).toEqual(expected);
    }
    // Long texts were among them, cut at the model's limit.
    expect(cut).toBeGreaterThan(50);
  });

  it('encodes the same after its memory of words starts over', { timeout: 60_000 }, async () => {
    const spec = await loadModelSpec(defaultModelDir());
    const { library, json } = await pair(spec);
    const calls: string[] = [];
    const encode: LibraryEncode = (text, special) => library.encode(text, { add_special_tokens: special }).ids;
    const encoder = createWordEncoder(
      json,
      (text, special) => {
        calls.push(text);
        return encode(text, special);
      },
      specialTokensOf(encode),
    );
    expect(encoder).not.toBeNull();
    const words = Array.from({ length: WORD_CACHE_SIZE + 10 }, (_, i) => `w${i}`);
    for (let at = 0; at < words.length; at += 1000) encoder!.encode(words.slice(at, at + 1000).join(' '), Number.MAX_SAFE_INTEGER);
    calls.length = 0;
    const text = 'w5 w100005 the river';
    expect(encoder!.encode(text, Number.MAX_SAFE_INTEGER)).toEqual(library.encode(text).ids);
    // Only the words it no longer remembers went to the library again.
    expect(calls).toEqual(['w5', 'the', 'river']);
  });

  it('is not used for tokenizers whose words carry their spaces, that split otherwise or that fuse unknown tokens', () => {
    const bert = { normalizer: { type: 'BertNormalizer' }, pre_tokenizer: { type: 'BertPreTokenizer' }, model: { type: 'WordPiece' } };
    expect(splitsAtWhitespace(bert)).toBe(true);
    expect(splitsAtWhitespace({ pre_tokenizer: { type: 'BertPreTokenizer' }, model: { type: 'WordPiece', fuse_unk: false } })).toBe(true);
    expect(splitsAtWhitespace({ ...bert, pre_tokenizer: { type: 'ByteLevel' } })).toBe(false);
    expect(splitsAtWhitespace({ ...bert, pre_tokenizer: { type: 'Metaspace' } })).toBe(false);
    expect(splitsAtWhitespace({ ...bert, normalizer: { type: 'Precompiled' } })).toBe(false);
    expect(splitsAtWhitespace({ ...bert, pre_tokenizer: null })).toBe(false);
    expect(splitsAtWhitespace({ ...bert, model: { type: 'WordPiece', fuse_unk: true } })).toBe(false);
    expect(splitsAtWhitespace({ ...bert, model: { type: 'Unigram' } })).toBe(false);
    expect(splitsAtWhitespace({ ...bert, model: { type: 'BPE' } })).toBe(false);
    expect(splitsAtWhitespace({ ...bert, added_tokens: [{ content: '<new line>' }] })).toBe(false);
    expect(splitsAtWhitespace({ ...bert, added_tokens: [{ content: '[CLS]' }] })).toBe(true);
  });

  it('steps aside when its probes do not come out as the library encodes them', async () => {
    const spec = await loadModelSpec(defaultModelDir());
    const { library, json } = await pair(spec);
    // A library that encodes words apart differently from whole texts (as byte-level BPE does).
    const joined = (text: string, special: boolean): number[] =>
      library.encode(text.includes(' ') ? text.replace(/ /g, '') : text, { add_special_tokens: special }).ids;
    expect(createWordEncoder(json, joined, specialTokensOf(joined))).toBeNull();
  });
});
