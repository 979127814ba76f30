/**
 * Reads a model folder: the app's own format (`semantik-model.json`) or a sentence-transformers ONNX
 * export (`model.onnx` or `onnx/model.onnx` beside `tokenizer.json` and optional configs).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { z } from 'zod';
import { SemantikError } from '../../shared/errors.js';

/** How token vectors become one vector per text. */
export type Pooling = 'in-graph' | 'mean' | 'cls';

/** Everything the embedder needs to know about a model folder. */
export interface ModelSpec {
  id: string;
  name: string;
  dims: number;
  maxTokens: number;
  description: string;
  format: 'semantik' | 'sentence-transformers';
  /**
   * `in-graph` when the graph outputs one pooled vector per text; otherwise what JS applies to a
   * token-level output (a 2-D output found at load time is always treated as already pooled).
   */
  pooling: Pooling;
  dir: string;
  modelPath: string;
  tokenizerPath: string;
  /** tokenizer_config.json, or {} (tokenizers.js reads special-token names from it). */
  tokenizerConfig: Record<string, unknown>;
}

const semantikModelSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  dims: z.number().int().positive(),
  maxTokens: z.number().int().positive(),
  description: z.string(),
  pooled: z.boolean(),
});

const looseObject = z.record(z.string(), z.unknown());

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch (cause) {
    throw new SemantikError('MODEL', `Cannot read ${path}`, { cause });
  }
}

async function readOptionalObject(path: string): Promise<Record<string, unknown>> {
  if (!existsSync(path)) return {};
  const parsed = looseObject.safeParse(await readJson(path));
  if (!parsed.success) throw new SemantikError('MODEL', `${path} is not a JSON object`);
  return parsed.data;
}

const positiveInt = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined);

/** Reads and validates the model folder `dir`; throws SemantikError('MODEL') when it is not usable. */
export async function loadModelSpec(dir: string): Promise<ModelSpec> {
  const root = resolve(dir);
  const tokenizerPath = join(root, 'tokenizer.json');
  const modelPath = [join(root, 'model.onnx'), join(root, 'onnx', 'model.onnx')].find((p) => existsSync(p));
  if (!modelPath) throw new SemantikError('MODEL', `No model.onnx or onnx/model.onnx in ${root}`);
  if (!existsSync(tokenizerPath)) throw new SemantikError('MODEL', `No tokenizer.json in ${root}`);
  const tokenizerConfig = await readOptionalObject(join(root, 'tokenizer_config.json'));
  const base = { dir: root, modelPath, tokenizerPath, tokenizerConfig };

  const ownPath = join(root, 'semantik-model.json');
  if (existsSync(ownPath)) {
    const parsed = semantikModelSchema.safeParse(await readJson(ownPath));
    if (!parsed.success) throw new SemantikError('MODEL', `Invalid ${ownPath}: ${parsed.error.message}`);
    const { id, name, dims, maxTokens, description, pooled } = parsed.data;
    return { ...base, id, name, dims, maxTokens, description, format: 'semantik', pooling: pooled ? 'in-graph' : 'mean' };
  }

  const config = await readOptionalObject(join(root, 'config.json'));
  const stConfig = await readOptionalObject(join(root, 'sentence_bert_config.json'));
  const poolingConfig = await readOptionalObject(join(root, '1_Pooling', 'config.json'));
  const dims = positiveInt(config.hidden_size) ?? positiveInt(config.d_model) ?? positiveInt(config.dim);
  if (!dims) throw new SemantikError('MODEL', `config.json in ${root} gives no hidden_size`);
  const positions = positiveInt(config.max_position_embeddings);
  // model_max_length is a huge sentinel in some tokenizer configs: only believe plausible values.
  const tokMax = positiveInt(tokenizerConfig.model_max_length);
  const wanted = positiveInt(stConfig.max_seq_length) ?? (tokMax && tokMax <= 65_536 ? tokMax : undefined) ?? 512;
  const maxTokens = positions ? Math.min(wanted, positions) : wanted;
  const id = basename(root);
  return {
    ...base,
    id,
    name: id,
    dims,
    maxTokens,
    description: `Sentence-transformers ONNX model from ${root}`,
    format: 'sentence-transformers',
    pooling: poolingConfig.pooling_mode_cls_token === true ? 'cls' : 'mean',
  };
}
