/**
 * Writes the bench's transformer-shaped model: a sentence-transformers ONNX folder (config.json,
 * tokenizer.json, tokenizer_config.json, sentence_bert_config.json, modules.json, 1_Pooling/,
 * onnx/model.onnx) that the app, a plain onnxruntime loop and transformers.js all load as is.
 *
 * Generated at bench time (90 MB of seeded random weights are not worth committing); the words of
 * its vocabulary are the built-in model's, so the bench's texts tokenize into whole words and pieces.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultModelDir } from '../../src/node/models/default-model-dir.js';
import { buildBertGraph, MINILM_L6_SHAPE, type BertShape } from './bert-graph.js';
import { bertTokenizerJson, buildWordPieceVocab } from './vocabulary.js';

/** Folder name, and so the model id the app gives it. */
export const TRANSFORMER_MODEL_ID = 'bench-minilm-l6-shaped';
/** Tokens per text, as all-MiniLM-L6-v2's sentence_bert_config.json says. */
export const TRANSFORMER_MAX_TOKENS = 256;

/** The built-in model's words in id order (most frequent first), without its special tokens. */
export async function builtInWords(): Promise<string[]> {
  const json = JSON.parse(await readFile(join(defaultModelDir(), 'tokenizer.json'), 'utf8')) as {
    model: { vocab: Record<string, number> };
  };
  return Object.entries(json.model.vocab)
    .sort((a, b) => a[1] - b[1])
    .map(([word]) => word)
    .filter((word) => !/^\[.*\]$/.test(word));
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/**
 * Writes the model folder `parent/<id>` (default: bench-minilm-l6-shaped, with MiniLM's shapes)
 * and returns its path.
 */
export async function writeTransformerModel(
  parent: string,
  { id = TRANSFORMER_MODEL_ID, shape = MINILM_L6_SHAPE }: { id?: string; shape?: BertShape } = {},
): Promise<string> {
  const dir = join(parent, id);
  const { hidden, heads, layers, ffn, vocab, positions } = shape;
  await mkdir(join(dir, 'onnx'), { recursive: true });
  await mkdir(join(dir, '1_Pooling'), { recursive: true });
  const special = { unk_token: '[UNK]', sep_token: '[SEP]', pad_token: '[PAD]', cls_token: '[CLS]', mask_token: '[MASK]' };
  await Promise.all([
    writeFile(join(dir, 'onnx', 'model.onnx'), buildBertGraph(shape)),
    writeFile(
      join(dir, 'tokenizer.json'),
      JSON.stringify(bertTokenizerJson(buildWordPieceVocab(await builtInWords()), TRANSFORMER_MAX_TOKENS)),
    ),
    writeFile(
      join(dir, 'config.json'),
      json({
        model_type: 'bert',
        architectures: ['BertModel'],
        hidden_size: hidden,
        num_attention_heads: heads,
        num_hidden_layers: layers,
        intermediate_size: ffn,
        vocab_size: vocab,
        max_position_embeddings: positions,
        type_vocab_size: 2,
        hidden_act: 'gelu',
        layer_norm_eps: 1e-12,
        pad_token_id: 0,
      }),
    ),
    writeFile(
      join(dir, 'tokenizer_config.json'),
      json({ tokenizer_class: 'BertTokenizer', do_lower_case: true, model_max_length: TRANSFORMER_MAX_TOKENS, ...special }),
    ),
    writeFile(join(dir, 'special_tokens_map.json'), json(special)),
    writeFile(join(dir, 'sentence_bert_config.json'), json({ max_seq_length: TRANSFORMER_MAX_TOKENS, do_lower_case: false })),
    writeFile(
      join(dir, 'modules.json'),
      json([
        { idx: 0, name: '0', path: '', type: 'sentence_transformers.models.Transformer' },
        { idx: 1, name: '1', path: '1_Pooling', type: 'sentence_transformers.models.Pooling' },
        { idx: 2, name: '2', path: '2_Normalize', type: 'sentence_transformers.models.Normalize' },
      ]),
    ),
    writeFile(
      join(dir, '1_Pooling', 'config.json'),
      json({
        word_embedding_dimension: hidden,
        pooling_mode_cls_token: false,
        pooling_mode_mean_tokens: true,
        pooling_mode_max_tokens: false,
        pooling_mode_mean_sqrt_len_tokens: false,
      }),
    ),
  ]);
  return dir;
}
