/**
 * Writes a token-level copy of the default model laid out like a sentence-transformers ONNX export.
 *
 * Used by tests: it outputs `last_hidden_state` [batch, seq, dims], takes `token_type_ids`, and lives
 * in `onnx/model.onnx` beside `tokenizer.json`, `config.json` and `sentence_bert_config.json`, so the
 * embedder's generic path (JS mean pooling) can be checked against the in-graph pooled model.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildEmbeddingGraph, readEmbeddingTable } from './onnx-graph.js';

/** Builds the token-level variant of the pooled model in `pooledDir` into `outDir`. */
export async function writeTokenLevelVariant(pooledDir: string, outDir: string): Promise<void> {
  const meta = JSON.parse(await readFile(join(pooledDir, 'semantik-model.json'), 'utf8')) as { maxTokens: number };
  const table = readEmbeddingTable(await readFile(join(pooledDir, 'model.onnx')));
  await mkdir(join(outDir, 'onnx'), { recursive: true });
  await writeFile(join(outDir, 'onnx', 'model.onnx'), buildEmbeddingGraph(table, 'token-level'));
  await writeFile(join(outDir, 'tokenizer.json'), await readFile(join(pooledDir, 'tokenizer.json')));
  const json = (o: unknown): string => `${JSON.stringify(o, null, 2)}\n`;
  await writeFile(join(outDir, 'config.json'), json({ model_type: 'semantik-glove', hidden_size: table.dims }));
  await writeFile(join(outDir, 'sentence_bert_config.json'), json({ max_seq_length: meta.maxTokens, do_lower_case: false }));
  await writeFile(
    join(outDir, 'tokenizer_config.json'),
    json({ pad_token: '[PAD]', unk_token: '[UNK]', model_max_length: meta.maxTokens, do_lower_case: true }),
  );
}
