/**
 * Builds the ONNX graphs of the default model with onnx-proto (static protobufjs code for onnx.proto).
 *
 * Two variants share one embedding table: the shipped one pools and normalises inside the graph
 * (onnxruntime-node copies one vector per text to JS, not one per token), and a token-level one that
 * looks like a plain sentence-transformers export, used to test the embedder's JS pooling path.
 */
import onnxProto from 'onnx-proto';
import { castTo, float32s, int64s, intAttr, intsAttr, node, tensor, valueInfo } from './onnx-nodes.js';

const { onnx } = onnxProto;
const DT = onnx.TensorProto.DataType;

/** Token ids that are never words: the pooled graph counts only ids above `UNK_ID`. */
export const PAD_ID = 0;
/** Unknown words map here; their vector is zero so they contribute nothing. */
export const UNK_ID = 1;

/** The embedding table, row `id` holding the vector of token `id`. */
export interface EmbeddingTable {
  rows: number;
  dims: number;
  /** Little-endian raw bytes of the type `dtype` says. */
  raw: Uint8Array;
  dtype: 'float16' | 'float32' | 'int8';
  /** For int8: the scale of each row (vector = row × scale). */
  scales?: Float32Array;
}

const TABLE_TYPES = { float16: DT.FLOAT16, float32: DT.FLOAT, int8: DT.INT8 } as const;

/** Which graph to build: pooled (`sentence_embedding` [batch, dims]) or token-level (`last_hidden_state`). */
export type GraphKind = 'pooled' | 'token-level';

const OPSET = 17;

/** Serialises a model over `table`; the pooled kind averages known tokens and L2-normalises in-graph. */
export function buildEmbeddingGraph(table: EmbeddingTable, kind: GraphKind, docString = ''): Uint8Array {
  const initializer = [tensor('embeddings', TABLE_TYPES[table.dtype], [table.rows, table.dims], table.raw)];
  const nodes: onnxProto.onnx.INodeProto[] = [node('Gather', ['embeddings', 'input_ids'], ['token_vectors_raw'], [intAttr('axis', 0)])];
  const tokenVectors = table.dtype === 'float32' ? 'token_vectors_raw' : 'token_vectors';
  if (table.dtype !== 'float32') nodes.push(node('Cast', ['token_vectors_raw'], ['token_vectors'], [castTo(DT.FLOAT)]));
  // int8 rows carry a per-row scale, gathered alongside ([batch, seq]) and applied as a token weight.
  const scaled = table.dtype === 'int8';
  if (scaled) {
    if (table.scales?.length !== table.rows) throw new Error('an int8 table needs one scale per row');
    initializer.push(
      tensor('row_scales', DT.FLOAT, [table.rows], new Uint8Array(table.scales.buffer, table.scales.byteOffset, table.scales.byteLength)),
    );
    nodes.push(node('Gather', ['row_scales', 'input_ids'], ['token_scales'], [intAttr('axis', 0)]));
  }
  const inputs = [valueInfo('input_ids', DT.INT64, ['batch', 'seq']), valueInfo('attention_mask', DT.INT64, ['batch', 'seq'])];
  let outputs: onnxProto.onnx.IValueInfoProto[];

  if (kind === 'token-level') {
    // A transformer export would use the mask inside attention; word vectors do not need it, and
    // token_type_ids is declared (unused) so the embedder's feed for it is exercised.
    inputs.push(valueInfo('token_type_ids', DT.INT64, ['batch', 'seq']));
    if (scaled) {
      initializer.push(tensor('last_axis', DT.INT64, [1], int64s([2])));
      nodes.push(
        node('Unsqueeze', ['token_scales', 'last_axis'], ['token_scales3']),
        node('Mul', [tokenVectors, 'token_scales3'], ['last_hidden_state']),
      );
    } else {
      nodes.push(node('Identity', [tokenVectors], ['last_hidden_state']));
    }
    outputs = [valueInfo('last_hidden_state', DT.FLOAT, ['batch', 'seq', table.dims])];
  } else {
    initializer.push(
      tensor('unk_id', DT.INT64, [], int64s([UNK_ID])),
      tensor('seq_axis', DT.INT64, [1], int64s([1])),
      tensor('last_axis', DT.INT64, [1], int64s([2])),
      tensor('one', DT.FLOAT, [], float32s([1])),
      tensor('eps', DT.FLOAT, [], float32s([1e-12])),
    );
    nodes.push(
      // A token counts when the mask says so and it is a known word (id above [UNK]).
      node('Greater', ['input_ids', 'unk_id'], ['known_bool']),
      node('Cast', ['known_bool'], ['known'], [castTo(DT.FLOAT)]),
      node('Cast', ['attention_mask'], ['mask'], [castTo(DT.FLOAT)]),
      node('Mul', ['known', 'mask'], ['weight']),
      ...(scaled ? [node('Mul', ['weight', 'token_scales'], ['vector_weight'])] : []),
      node('Unsqueeze', [scaled ? 'vector_weight' : 'weight', 'last_axis'], ['weight3']),
      node('Mul', [tokenVectors, 'weight3'], ['weighted']),
      node('ReduceSum', ['weighted', 'seq_axis'], ['summed'], [intAttr('keepdims', 0)]),
      node('ReduceSum', ['weight', 'seq_axis'], ['count'], [intAttr('keepdims', 1)]),
      node('Max', ['count', 'one'], ['count_clamped']),
      node('Div', ['summed', 'count_clamped'], ['mean']),
      node('ReduceL2', ['mean'], ['norm'], [intsAttr('axes', [1]), intAttr('keepdims', 1)]),
      node('Max', ['norm', 'eps'], ['norm_clamped']),
      node('Div', ['mean', 'norm_clamped'], ['sentence_embedding']),
    );
    outputs = [valueInfo('sentence_embedding', DT.FLOAT, ['batch', table.dims])];
  }

  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'semantik-build-default-model',
    docString,
    opsetImport: [{ domain: '', version: OPSET }],
    graph: { name: `semantik-${kind}`, node: nodes, input: inputs, output: outputs, initializer },
  });
  return onnx.ModelProto.encode(model).finish();
}

/** Reads the embedding table back out of a model built here (to derive the token-level variant). */
export function readEmbeddingTable(modelBytes: Uint8Array): EmbeddingTable {
  const model = onnx.ModelProto.decode(modelBytes);
  const init = model.graph?.initializer?.find((t) => t.name === 'embeddings');
  const dims = init?.dims ?? [];
  if (!init?.rawData || dims.length !== 2) throw new Error('model has no 2-D "embeddings" initializer');
  const dtype = init.dataType === DT.FLOAT16 ? 'float16' : init.dataType === DT.INT8 ? 'int8' : 'float32';
  const table: EmbeddingTable = { rows: Number(dims[0]), dims: Number(dims[1]), raw: new Uint8Array(init.rawData), dtype };
  const scales = model.graph?.initializer?.find((t) => t.name === 'row_scales')?.rawData;
  // Copied: protobufjs hands out views into the whole file, not aligned for a Float32Array.
  if (scales) table.scales = new Float32Array(new Uint8Array(scales).buffer);
  return table;
}
