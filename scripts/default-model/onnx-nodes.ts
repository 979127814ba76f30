/** Small builders of ONNX protobuf pieces (value infos, initializers, nodes, attributes) over onnx-proto. */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
/** An ONNX tensor element type. */
export type TensorType = onnxProto.onnx.TensorProto.DataType;

/** A graph input or output: name, element type and shape (a string is a symbolic dimension). */
export function valueInfo(name: string, elemType: TensorType, dims: (string | number)[]): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
      },
    },
  };
}

/** An initializer holding `raw` little-endian bytes. */
export function tensor(name: string, dataType: TensorType, dims: number[], raw: Uint8Array): onnxProto.onnx.ITensorProto {
  return { name, dataType, dims, rawData: raw };
}

/** Little-endian bytes of int64 values. */
export function int64s(values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 8);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
  return out;
}

/** Little-endian bytes of float32 values. */
export function float32s(values: number[]): Uint8Array {
  return new Uint8Array(new Float32Array(values).buffer);
}

/** A node named after its first output. */
export function node(
  op: string,
  inputs: string[],
  outputs: string[],
  attrs: onnxProto.onnx.IAttributeProto[] = [],
): onnxProto.onnx.INodeProto {
  return { opType: op, input: inputs, output: outputs, name: outputs[0], attribute: attrs };
}

/** The `to` attribute of a Cast. */
export const castTo = (to: TensorType): onnxProto.onnx.IAttributeProto => ({
  name: 'to',
  type: onnx.AttributeProto.AttributeType.INT,
  i: to,
});
/** An integer attribute. */
export const intAttr = (name: string, i: number): onnxProto.onnx.IAttributeProto => ({
  name,
  type: onnx.AttributeProto.AttributeType.INT,
  i,
});
/** An integer-list attribute. */
export const intsAttr = (name: string, ints: number[]): onnxProto.onnx.IAttributeProto => ({
  name,
  type: onnx.AttributeProto.AttributeType.INTS,
  ints,
});
