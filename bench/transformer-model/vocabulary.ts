/**
 * A 30,522-entry WordPiece vocabulary in the layout of BERT's uncased one, built from the built-in
 * model's English words (so texts made of those words tokenize the way real text does: frequent
 * words whole, rarer ones in `##` pieces, every character reachable).
 */

/** BERT uncased's vocabulary size. */
export const VOCAB_SIZE = 30_522;
/** BERT uncased's special-token ids. */
export const SPECIAL_IDS = { '[PAD]': 0, '[UNK]': 100, '[CLS]': 101, '[SEP]': 102, '[MASK]': 103 } as const;

/** Token → id, ids 0..VOCAB_SIZE-1 all used. `words` in frequency order, already normalised. */
export function buildWordPieceVocab(words: readonly string[]): Record<string, number> {
  const tokens: string[] = new Array<string>(104);
  for (let i = 0; i < 104; i++) tokens[i] = `[unused${i}]`;
  for (const [token, id] of Object.entries(SPECIAL_IDS)) tokens[id] = token;
  const seen = new Set(tokens);
  const add = (token: string): void => {
    if (tokens.length < VOCAB_SIZE && !seen.has(token)) {
      seen.add(token);
      tokens.push(token);
    }
  };
  // Every character, alone and as a continuation: any word of these characters can be tokenized.
  const chars = [...new Set(words.flatMap((w) => [...w]))].sort();
  for (const c of chars) add(c);
  for (const c of chars) add(`##${c}`);
  // The commonest word endings as continuation pieces (BERT's vocabulary holds ~5,800 of them).
  const endings = new Map<string, number>();
  for (const w of words) {
    for (let n = 2; n <= 4 && n < w.length; n++) endings.set(w.slice(-n), (endings.get(w.slice(-n)) ?? 0) + 1);
  }
  const commonEndings = [...endings.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 5_000);
  for (const [ending] of commonEndings) add(`##${ending}`);
  for (const w of words) add(w);
  if (tokens.length < VOCAB_SIZE) throw new Error(`only ${tokens.length} tokens from ${words.length} words; need ${VOCAB_SIZE}`);
  return Object.fromEntries(tokens.map((t, i) => [t, i]));
}

/** tokenizer.json of a BERT uncased WordPiece tokenizer over `vocab`, with [CLS] … [SEP] added. */
export function bertTokenizerJson(vocab: Record<string, number>, maxTokens: number): Record<string, unknown> {
  const special = Object.entries(SPECIAL_IDS).map(([content, id]) => ({
    id,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  }));
  return {
    version: '1.0',
    truncation: { direction: 'Right', max_length: maxTokens, strategy: 'LongestFirst', stride: 0 },
    padding: null,
    added_tokens: special,
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [SPECIAL_IDS['[CLS]']], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [SPECIAL_IDS['[SEP]']], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
  };
}
