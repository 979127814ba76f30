/**
 * Hugging Face's Rust tokenizer (the `tokenizers` package, N-API, so the same binary loads under
 * Node and Electron), used to tokenize a call's texts as one batch, several times faster than the
 * JavaScript library. It is optional: where its binary does not load (a platform it has none for),
 * or where it reads a model's tokenizer.json differently from the JavaScript library, the caller
 * keeps the JavaScript one.
 */
import { createRequire } from 'node:module';
import { childLogger } from '../logger.js';

const log = childLogger('tokenizer');

/** Token ids of each text, with the model's special tokens, untruncated. */
export type BatchEncode = (texts: readonly string[]) => Promise<number[][]>;

interface RustEncoding {
  getIds(): number[];
}
interface RustTokenizer {
  disableTruncation(): void;
  disablePadding(): void;
  encodeBatch(texts: string[]): Promise<RustEncoding[]>;
}
interface RustModule {
  Tokenizer: { fromFile(path: string): RustTokenizer };
}

/** Texts both libraries must read alike before the Rust one is used: accents, case, punctuation, CJK, emoji, long words. */
export const AGREEMENT_PROBES = [
  '',
  'a',
  'The Quick brown fox, jumped over 12,345 lazy dogs!',
  'Café naïve façade — “quoted” déjà-vu; résumé.',
  'Übergrößenträger straße ĳssel ﬁne',
  '東京タワーは高い。 안녕하세요 世界',
  'emoji 🚀 and symbols ∑ ≤ ≥ © ™',
  'antidisestablishmentarianism pneumonoultramicroscopicsilicovolcanoconiosis',
  'tabs\tand\nnewlines\r\nand   spaces',
  'C++ f(x)=x^2 user@example.com https://example.org/a?b=c',
];

/**
 * The Rust tokenizer of `tokenizerPath` as a batch encoder, or null (with the reason logged) when
 * it cannot load it or it disagrees with `reference` (the JavaScript library's ids) on a probe.
 */
export async function loadNativeTokenizer(tokenizerPath: string, reference: (text: string) => number[]): Promise<BatchEncode | null> {
  let tokenizer: RustTokenizer;
  try {
    const require = createRequire(import.meta.url);
    const rust = require('tokenizers') as RustModule;
    tokenizer = rust.Tokenizer.fromFile(tokenizerPath);
    tokenizer.disableTruncation();
    tokenizer.disablePadding();
  } catch (error) {
    log.info({ err: error }, 'the Rust tokenizer does not load here; tokenizing in JavaScript');
    return null;
  }
  const encode: BatchEncode = async (texts) => (await tokenizer.encodeBatch([...texts])).map((encoding) => encoding.getIds());
  const got = await encode(AGREEMENT_PROBES);
  const differs = AGREEMENT_PROBES.findIndex((text, i) => !sameIds(got[i] ?? [], reference(text)));
  if (differs >= 0) {
    log.info(
      { tokenizerPath, probe: AGREEMENT_PROBES[differs] },
      'the Rust tokenizer reads this model differently; tokenizing in JavaScript',
    );
    return null;
  }
  return encode;
}

function sameIds(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}
