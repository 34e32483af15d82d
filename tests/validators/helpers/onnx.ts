/**
 * A minimal ONNX (protobuf) writer for the few messages a test model needs: ModelProto, GraphProto,
 * NodeProto, AttributeProto, TensorProto, ValueInfoProto. Field numbers are those of onnx/onnx.proto.
 *
 * Why hand-written: no protobuf library is installed (protobufjs/onnx-proto are absent), and the
 * subset needed is ~100 lines. Only the CLIP tests use it, to build tiny models with the real
 * input/output names and shapes, so the real loading code runs against a real ONNX file.
 */

/** ONNX TensorProto.DataType values used here. */
export const DataType = { FLOAT: 1, INT64: 7 } as const;

class Writer {
  private chunks: number[] = [];

  varint(value: number | bigint): this {
    let v = BigInt.asUintN(64, BigInt(value));
    do {
      let byte = Number(v & 0x7fn);
      v >>= 7n;
      if (v > 0n) byte |= 0x80;
      this.chunks.push(byte);
    } while (v > 0n);
    return this;
  }

  private tag(field: number, wire: number): this {
    return this.varint((field << 3) | wire);
  }

  int(field: number, value: number | bigint): this {
    return this.tag(field, 0).varint(value);
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, 2).varint(value.length);
    for (const b of value) this.chunks.push(b);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, inner: Writer): this {
    return this.bytes(field, inner.finish());
  }

  float(field: number, value: number): this {
    this.tag(field, 5);
    const buf = new Uint8Array(4);
    new DataView(buf.buffer).setFloat32(0, value, true);
    for (const b of buf) this.chunks.push(b);
    return this;
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}

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

function tensor(spec: TensorSpec): Writer {
  const w = new Writer();
  for (const d of spec.dims) w.int(1, d);
  w.int(2, spec.int64 ? DataType.INT64 : DataType.FLOAT);
  w.string(8, spec.name);
  // raw_data, little-endian, as every ONNX runtime expects.
  const size = spec.int64 ? 8 : 4;
  const raw = new Uint8Array(spec.values.length * size);
  const view = new DataView(raw.buffer);
  for (let i = 0; i < spec.values.length; i++) {
    const v = spec.values[i] as number;
    if (spec.int64) view.setBigInt64(i * 8, BigInt(v), true);
    else view.setFloat32(i * 4, v, true);
  }
  w.bytes(9, raw);
  return w;
}

function attribute(name: string, attr: AttributeValue): Writer {
  const w = new Writer().string(1, name);
  // AttributeProto.AttributeType: FLOAT = 1, INT = 2, INTS = 7.
  if (attr.kind === 'float') w.float(2, attr.value).int(20, 1);
  else if (attr.kind === 'int') w.int(3, attr.value).int(20, 2);
  else {
    for (const v of attr.value) w.int(8, v);
    w.int(20, 7);
  }
  return w;
}

function node(spec: NodeSpec, index: number): Writer {
  const w = new Writer();
  for (const i of spec.inputs) w.string(1, i);
  for (const o of spec.outputs) w.string(2, o);
  w.string(3, `${spec.op}_${index}`);
  w.string(4, spec.op);
  for (const [name, attr] of Object.entries(spec.attributes ?? {})) w.message(5, attribute(name, attr));
  return w;
}

function valueInfo(spec: ValueSpec): Writer {
  const shape = new Writer();
  for (const d of spec.shape) {
    const dim = typeof d === 'number' ? new Writer().int(1, d) : new Writer().string(2, d);
    shape.message(1, dim);
  }
  const tensorType = new Writer().int(1, spec.elemType).message(2, shape);
  const type = new Writer().message(1, tensorType);
  return new Writer().string(1, spec.name).message(2, type);
}

/** Serialises a model as ONNX bytes (IR version 8, default-domain opset 17 unless given). */
export function encodeModel(spec: ModelSpec): Uint8Array {
  const graph = new Writer();
  spec.nodes.forEach((n, i) => {
    graph.message(1, node(n, i));
  });
  graph.string(2, 'genops_test_graph');
  for (const t of spec.initializers) graph.message(5, tensor(t));
  for (const v of spec.inputs) graph.message(11, valueInfo(v));
  for (const v of spec.outputs) graph.message(12, valueInfo(v));

  const opset = new Writer().string(1, '').int(2, spec.opset ?? 17);
  return new Writer().int(1, 8).string(2, 'genops-tests').message(7, graph).message(8, opset).finish();
}
