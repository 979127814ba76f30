/**
 * The ONNX graph of a BERT encoder with all-MiniLM-L6-v2's shapes and seeded random weights.
 *
 * Laid out like a Hugging Face export (embeddings + LayerNorm, per layer Q/K/V MatMuls, scaled
 * dot-product attention with an additive mask, output projection, erf GELU FFN, post-LayerNorms),
 * so onnxruntime's optimiser sees the same patterns and the cost per token is that model's. Two
 * outputs: `last_hidden_state` (what a plain export gives; transformers.js pools it in JS) and
 * `sentence_embedding` (mean pooling over the mask, then L2 normalisation, inside the graph).
 */
import onnxProto from 'onnx-proto';
import { float32s, int64s, intAttr, intsAttr, node, tensor, valueInfo, castTo } from '../../scripts/default-model/onnx-nodes.js';
import { seededRandom } from '../seeded-random.js';

const { onnx } = onnxProto;
const DT = onnx.TensorProto.DataType;
type NodeProto = onnxProto.onnx.INodeProto;
type TensorProto = onnxProto.onnx.ITensorProto;

/** The encoder's sizes. */
export interface BertShape {
  layers: number;
  hidden: number;
  heads: number;
  ffn: number;
  vocab: number;
  positions: number;
}

/** all-MiniLM-L6-v2's sizes. */
export const MINILM_L6_SHAPE: BertShape = { layers: 6, hidden: 384, heads: 12, ffn: 1536, vocab: 30_522, positions: 512 };

/**
 * Serialises the encoder; weights are uniform with BERT's initial standard deviation (0.02),
 * LayerNorm scales 1 and biases 0, so activations stay in range through the layers.
 */
export function buildBertGraph(shape: BertShape = MINILM_L6_SHAPE, seed = 14): Uint8Array {
  const rnd = seededRandom(seed);
  const spread = 0.02 * Math.sqrt(3);
  const initializer: TensorProto[] = [];
  const nodes: NodeProto[] = [];
  const weight = (name: string, dims: number[]): string => {
    const n = dims.reduce((a, b) => a * b, 1);
    const values = new Float32Array(n);
    for (let i = 0; i < n; i++) values[i] = (rnd() * 2 - 1) * spread;
    initializer.push(tensor(name, DT.FLOAT, dims, new Uint8Array(values.buffer)));
    return name;
  };
  const filled = (name: string, n: number, value: number): string => {
    initializer.push(tensor(name, DT.FLOAT, [n], new Uint8Array(new Float32Array(n).fill(value).buffer)));
    return name;
  };
  const constant = (name: string, dataType: number, dims: number[], raw: Uint8Array): string => {
    initializer.push(tensor(name, dataType, dims, raw));
    return name;
  };
  const { hidden: h, heads, ffn } = shape;
  const headDim = h / heads;
  const layerNorm = (input: string, prefix: string, output: string): string => {
    nodes.push(
      node(
        'LayerNormalization',
        [input, filled(`${prefix}.gamma`, h, 1), filled(`${prefix}.beta`, h, 0)],
        [output],
        [intAttr('axis', -1), { name: 'epsilon', type: onnx.AttributeProto.AttributeType.FLOAT, f: 1e-12 }],
      ),
    );
    return output;
  };
  const dense = (input: string, prefix: string, inDim: number, outDim: number): string => {
    nodes.push(node('MatMul', [input, weight(`${prefix}.weight`, [inDim, outDim])], [`${prefix}.mm`]));
    nodes.push(node('Add', [`${prefix}.mm`, filled(`${prefix}.bias`, outDim, 0)], [`${prefix}.out`]));
    return `${prefix}.out`;
  };

  constant('axis1', DT.INT64, [1], int64s([1]));
  constant('axes12', DT.INT64, [2], int64s([1, 2]));
  constant('axis2', DT.INT64, [1], int64s([2]));
  constant('zero_i', DT.INT64, [], int64s([0]));
  constant('one_i', DT.INT64, [], int64s([1]));
  constant('split_shape', DT.INT64, [4], int64s([0, 0, heads, headDim]));
  constant('merge_shape', DT.INT64, [3], int64s([0, 0, h]));
  constant('one_f', DT.FLOAT, [], float32s([1]));
  constant('mask_min', DT.FLOAT, [], float32s([-10000]));
  constant('scale', DT.FLOAT, [], float32s([Math.sqrt(headDim)]));
  constant('sqrt2', DT.FLOAT, [], float32s([Math.SQRT2]));
  constant('half', DT.FLOAT, [], float32s([0.5]));
  constant('eps', DT.FLOAT, [], float32s([1e-12]));
  constant('tiny', DT.FLOAT, [], float32s([1e-9]));

  // Embeddings: word + position + token type, then LayerNorm.
  nodes.push(
    node('Gather', [weight('embeddings.word', [shape.vocab, h]), 'input_ids'], ['emb.word'], [intAttr('axis', 0)]),
    node('Shape', ['input_ids'], ['ids_shape']),
    node('Gather', ['ids_shape', 'one_i'], ['seq_len'], [intAttr('axis', 0)]),
    node('Range', ['zero_i', 'seq_len', 'one_i'], ['position_ids']),
    node('Gather', [weight('embeddings.position', [shape.positions, h]), 'position_ids'], ['emb.position'], [intAttr('axis', 0)]),
    node('Gather', [weight('embeddings.token_type', [2, h]), 'token_type_ids'], ['emb.type'], [intAttr('axis', 0)]),
    node('Add', ['emb.word', 'emb.position'], ['emb.sum1']),
    node('Add', ['emb.sum1', 'emb.type'], ['emb.sum']),
  );
  let x = layerNorm('emb.sum', 'embeddings.norm', 'emb.out');

  // Additive attention mask [batch, 1, 1, seq]: 0 where attended, -10000 on padding.
  nodes.push(
    node('Cast', ['attention_mask'], ['mask_f'], [castTo(DT.FLOAT)]),
    node('Sub', ['one_f', 'mask_f'], ['mask_inv']),
    node('Mul', ['mask_inv', 'mask_min'], ['mask_add2']),
    node('Unsqueeze', ['mask_add2', 'axes12'], ['mask_add']),
  );

  for (let l = 0; l < shape.layers; l++) {
    const p = `layer${l}`;
    const heads4 = (name: string, perm: number[]): string => {
      const projected = dense(x, `${p}.attention.${name}`, h, h);
      nodes.push(
        node('Reshape', [projected, 'split_shape'], [`${p}.${name}.split`]),
        node('Transpose', [`${p}.${name}.split`], [`${p}.${name}.heads`], [intsAttr('perm', perm)]),
      );
      return `${p}.${name}.heads`;
    };
    const q = heads4('query', [0, 2, 1, 3]);
    const k = heads4('key', [0, 2, 3, 1]);
    const v = heads4('value', [0, 2, 1, 3]);
    nodes.push(
      node('MatMul', [q, k], [`${p}.scores_raw`]),
      node('Div', [`${p}.scores_raw`, 'scale'], [`${p}.scores_scaled`]),
      node('Add', [`${p}.scores_scaled`, 'mask_add'], [`${p}.scores`]),
      node('Softmax', [`${p}.scores`], [`${p}.probs`], [intAttr('axis', -1)]),
      node('MatMul', [`${p}.probs`, v], [`${p}.context_heads`]),
      node('Transpose', [`${p}.context_heads`], [`${p}.context_t`], [intsAttr('perm', [0, 2, 1, 3])]),
      node('Reshape', [`${p}.context_t`, 'merge_shape'], [`${p}.context`]),
    );
    const attn = dense(`${p}.context`, `${p}.attention.output`, h, h);
    nodes.push(node('Add', [attn, x], [`${p}.attn_res`]));
    const x1 = layerNorm(`${p}.attn_res`, `${p}.attention.norm`, `${p}.attn_out`);
    const up = dense(x1, `${p}.intermediate`, h, ffn);
    // GELU (erf form), as BERT exports write it.
    nodes.push(
      node('Div', [up, 'sqrt2'], [`${p}.gelu_div`]),
      node('Erf', [`${p}.gelu_div`], [`${p}.gelu_erf`]),
      node('Add', [`${p}.gelu_erf`, 'one_f'], [`${p}.gelu_add`]),
      node('Mul', [up, `${p}.gelu_add`], [`${p}.gelu_mul`]),
      node('Mul', [`${p}.gelu_mul`, 'half'], [`${p}.gelu`]),
    );
    const down = dense(`${p}.gelu`, `${p}.output`, ffn, h);
    nodes.push(node('Add', [down, x1], [`${p}.ffn_res`]));
    x = layerNorm(`${p}.ffn_res`, `${p}.output.norm`, l === shape.layers - 1 ? 'last_hidden_state' : `${p}.out`);
  }

  // Mean pooling over attended tokens, then L2 normalisation (sentence-transformers' Pooling + Normalize).
  nodes.push(
    node('Unsqueeze', ['mask_f', 'axis2'], ['mask3']),
    node('Mul', ['last_hidden_state', 'mask3'], ['masked']),
    node('ReduceSum', ['masked', 'axis1'], ['summed'], [intAttr('keepdims', 0)]),
    node('ReduceSum', ['mask3', 'axis1'], ['count'], [intAttr('keepdims', 0)]),
    node('Max', ['count', 'tiny'], ['count_clamped']),
    node('Div', ['summed', 'count_clamped'], ['mean']),
    node('ReduceL2', ['mean'], ['norm'], [intsAttr('axes', [1]), intAttr('keepdims', 1)]),
    node('Max', ['norm', 'eps'], ['norm_clamped']),
    node('Div', ['mean', 'norm_clamped'], ['sentence_embedding']),
  );

  const ids = (name: string): onnxProto.onnx.IValueInfoProto => valueInfo(name, DT.INT64, ['batch', 'seq']);
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'semantik-bench-transformer-model',
    docString: 'BERT encoder with all-MiniLM-L6-v2 shapes and seeded random weights (a speed stand-in, not a useful model).',
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: 'bert-minilm-l6-shaped',
      node: nodes,
      input: [ids('input_ids'), ids('attention_mask'), ids('token_type_ids')],
      output: [valueInfo('last_hidden_state', DT.FLOAT, ['batch', 'seq', h]), valueInfo('sentence_embedding', DT.FLOAT, ['batch', h])],
      initializer,
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
