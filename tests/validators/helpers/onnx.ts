/**
 * Writes small ONNX models for tests, from a compact spec, with the `onnx-proto` package (the ONNX
 * protobuf messages generated for protobufjs). Only the CLIP tests use it, to build tiny models with
 * the real input/output names and shapes, so the real loading code runs against a real ONNX file.
 */
// onnx-proto is CommonJS (`module.exports = { onnx }`): Node's ESM loader gives only the default export.
import onnxProto, { type onnx as Proto } from 'onnx-proto';

const { onnx } = onnxProto;

/** ONNX TensorProto.DataType values used here. */
export const DataType = {
  FLOAT: onnx.TensorProto.DataType.FLOAT,
  INT64: onnx.TensorProto.DataType.INT64,
} as const;

export interface TensorSpec {
  name: string;
  dims: number[];
  /** Float32 values, or int64 values when `int64` is set. */
  values: ArrayLike<number>;
  int64?: boolean;
}

export type AttributeValue =
  | { kind: 'int'; value: number }
  | { kind: 'ints'; value: number[] }
  | { kind: 'float'; value: number };

export interface NodeSpec {
  op: string;
  inputs: string[];
  outputs: string[];
  attributes?: Record<string, AttributeValue>;
}

export interface ValueSpec {
  name: string;
  elemType: number;
  /** A number is a fixed dimension, a string a symbolic one. */
  shape: (number | string)[];
}

export interface ModelSpec {
  nodes: NodeSpec[];
  initializers: TensorSpec[];
  inputs: ValueSpec[];
  outputs: ValueSpec[];
  opset?: number;
}

function tensor(spec: TensorSpec): Proto.ITensorProto {
  // raw_data, little-endian, as every ONNX runtime expects.
  const size = spec.int64 ? 8 : 4;
  const raw = new Uint8Array(spec.values.length * size);
  const view = new DataView(raw.buffer);
  for (let i = 0; i < spec.values.length; i++) {
    const v = spec.values[i] as number;
    if (spec.int64) view.setBigInt64(i * 8, BigInt(v), true);
    else view.setFloat32(i * 4, v, true);
  }
  return {
    dims: spec.dims,
    dataType: spec.int64 ? DataType.INT64 : DataType.FLOAT,
    name: spec.name,
    rawData: raw,
  };
}

function attribute(name: string, attr: AttributeValue): Proto.IAttributeProto {
  const { AttributeType } = onnx.AttributeProto;
  if (attr.kind === 'float') return { name, type: AttributeType.FLOAT, f: attr.value };
  if (attr.kind === 'int') return { name, type: AttributeType.INT, i: attr.value };
  return { name, type: AttributeType.INTS, ints: attr.value };
}

function valueInfo(spec: ValueSpec): Proto.IValueInfoProto {
  const dim = spec.shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return { name: spec.name, type: { tensorType: { elemType: spec.elemType, shape: { dim } } } };
}

/** Serialises a model as ONNX bytes (IR version 8, default-domain opset 17 unless given). */
export function encodeModel(spec: ModelSpec): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'genops-tests',
    graph: {
      node: spec.nodes.map((n, i) => ({
        input: n.inputs,
        output: n.outputs,
        name: `${n.op}_${i}`,
        opType: n.op,
        attribute: Object.entries(n.attributes ?? {}).map(([name, attr]) => attribute(name, attr)),
      })),
      name: 'genops_test_graph',
      initializer: spec.initializers.map(tensor),
      input: spec.inputs.map(valueInfo),
      output: spec.outputs.map(valueInfo),
    },
    opsetImport: [{ domain: '', version: spec.opset ?? 17 }],
  });
  return onnx.ModelProto.encode(model).finish();
}
