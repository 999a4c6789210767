import protobuf from 'protobufjs';

/** Facts about an ONNX model read from its protobuf wire format (no runtime needed). */
export interface OnnxAnalysis {
  readonly externalDataPaths: readonly string[];
  readonly operatorDomains: readonly string[];
  readonly opsetDomains: readonly string[];
  readonly error?: string;
}

type Reader = protobuf.Reader;

// Field numbers from onnx.proto (ModelProto, GraphProto, NodeProto, TensorProto, AttributeProto, FunctionProto).
const model = { opsetImport: 8, graph: 7, functions: 25 };
const graph = { node: 1, initializer: 5, sparseInitializer: 15 };
const node = { attribute: 5, domain: 7 };
const attribute = { graph: 6, graphs: 11, tensor: 5, tensors: 10 };
const tensor = { externalData: 13 };
const keyValue = { key: 1, value: 2 };
const functionProto = { node: 7, domain: 10 };

interface Collector {
  externalDataPaths: string[];
  operatorDomains: Set<string>;
  opsetDomains: Set<string>;
  depth: number;
}

function forEachField(reader: Reader, end: number, visit: (field: number, wireType: number) => boolean): void {
  while (reader.pos < end) {
    const tag = reader.uint32();
    const field = tag >>> 3;
    const wireType = tag & 7;
    if (!visit(field, wireType)) reader.skipType(wireType);
  }
}

function subReader(reader: Reader): number {
  const length = reader.uint32();
  return reader.pos + length;
}

function readTensor(reader: Reader, end: number, collector: Collector): void {
  forEachField(reader, end, (field, wireType) => {
    if (field === tensor.externalData && wireType === 2) {
      const entryEnd = subReader(reader);
      let key = '';
      let value = '';
      forEachField(reader, entryEnd, (entryField, entryWire) => {
        if (entryWire !== 2) return false;
        if (entryField === keyValue.key) key = reader.string();
        else if (entryField === keyValue.value) value = reader.string();
        else return false;
        return true;
      });
      if (key === 'location') collector.externalDataPaths.push(value);
      return true;
    }
    return false;
  });
}

function readNode(reader: Reader, end: number, collector: Collector): void {
  forEachField(reader, end, (field, wireType) => {
    if (field === node.domain && wireType === 2) {
      collector.operatorDomains.add(reader.string());
      return true;
    }
    if (field === node.attribute && wireType === 2) {
      const attributeEnd = subReader(reader);
      forEachField(reader, attributeEnd, (attributeField, attributeWire) => {
        if (attributeWire !== 2) return false;
        if (attributeField === attribute.graph || attributeField === attribute.graphs) {
          readGraph(reader, subReader(reader), collector);
          return true;
        }
        if (attributeField === attribute.tensor || attributeField === attribute.tensors) {
          readTensor(reader, subReader(reader), collector);
          return true;
        }
        return false;
      });
      return true;
    }
    return false;
  });
}

function readGraph(reader: Reader, end: number, collector: Collector): void {
  collector.depth += 1;
  if (collector.depth > 64) throw new Error('graph nesting deeper than 64');
  forEachField(reader, end, (field, wireType) => {
    if (wireType !== 2) return false;
    if (field === graph.node) readNode(reader, subReader(reader), collector);
    else if (field === graph.initializer || field === graph.sparseInitializer)
      readTensor(reader, subReader(reader), collector);
    else return false;
    return true;
  });
  collector.depth -= 1;
}

/**
 * Reads external-data locations and operator domains from an ONNX model without loading it.
 *
 * @example
 * analyzeOnnx(bytes).externalDataPaths // ['weights.bin']
 */
export function analyzeOnnx(bytes: Uint8Array): OnnxAnalysis {
  const collector: Collector = { externalDataPaths: [], operatorDomains: new Set(), opsetDomains: new Set(), depth: 0 };
  try {
    const reader = protobuf.Reader.create(bytes);
    forEachField(reader, bytes.length, (field, wireType) => {
      if (wireType !== 2) return false;
      if (field === model.graph) readGraph(reader, subReader(reader), collector);
      else if (field === model.opsetImport) {
        const end = subReader(reader);
        forEachField(reader, end, (opsetField, opsetWire) => {
          if (opsetField === 1 && opsetWire === 2) {
            collector.opsetDomains.add(reader.string());
            return true;
          }
          return false;
        });
      } else if (field === model.functions) {
        const end = subReader(reader);
        forEachField(reader, end, (functionField, functionWire) => {
          if (functionWire !== 2) return false;
          if (functionField === functionProto.node) readNode(reader, subReader(reader), collector);
          else if (functionField === functionProto.domain) collector.opsetDomains.add(reader.string());
          else return false;
          return true;
        });
      } else return false;
      return true;
    });
  } catch (error) {
    return {
      externalDataPaths: collector.externalDataPaths,
      operatorDomains: [...collector.operatorDomains],
      opsetDomains: [...collector.opsetDomains],
      error: error instanceof Error ? error.message : 'malformed protobuf',
    };
  }
  return {
    externalDataPaths: collector.externalDataPaths,
    operatorDomains: [...collector.operatorDomains],
    opsetDomains: [...collector.opsetDomains],
  };
}
