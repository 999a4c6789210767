import { GuardError } from '../../errors.js';

/**
 * The compact binary container every model artifact uses:
 *
 * ```
 * bytes 0..3   magic "PLSM"
 * bytes 4..7   uint32 LE: header length H
 * bytes 8..8+H UTF-8 JSON header: { format: 1, kind, metadata, tensors: [{ name, dtype, length, scale, offset }] }
 * then         tensor data, each tensor 4-byte aligned, at `offset` from the start of the data section
 * ```
 *
 * `int8` tensors are symmetric-quantised: value = byte * scale. `float32` are little-endian.
 */

/** A tensor held in an artifact. */
export interface Tensor {
  readonly name: string;
  readonly data: Float32Array;
}

/** How a tensor is stored. */
export type TensorDataType = 'int8' | 'float32';

/** A tensor to encode, with its storage type. */
export interface TensorInput {
  readonly name: string;
  readonly data: Float32Array;
  readonly dtype: TensorDataType;
}

/** A decoded artifact: its kind, free-form JSON metadata and tensors by name. */
export interface TensorArtifact {
  readonly kind: string;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly tensors: ReadonlyMap<string, Float32Array>;
}

interface TensorHeaderEntry {
  name: string;
  dtype: TensorDataType;
  length: number;
  scale: number;
  offset: number;
}

interface ArtifactHeader {
  format: number;
  kind: string;
  metadata: Record<string, unknown>;
  tensors: TensorHeaderEntry[];
}

const magic = [0x50, 0x4c, 0x53, 0x4d];

function align4(value: number): number {
  return (value + 3) & ~3;
}

/**
 * Encodes tensors and metadata into artifact bytes (used by training).
 *
 * @example
 * const bytes = encodeTensorArtifact('linear-classifier', { bias: 0.1 }, [{ name: 'weights', data, dtype: 'int8' }]);
 */
export function encodeTensorArtifact(
  kind: string,
  metadata: Record<string, unknown>,
  tensors: readonly TensorInput[],
): Uint8Array {
  const entries: TensorHeaderEntry[] = [];
  let offset = 0;
  for (const tensor of tensors) {
    let scale = 1;
    if (tensor.dtype === 'int8') {
      let maximum = 0;
      for (const value of tensor.data) maximum = Math.max(maximum, Math.abs(value));
      scale = maximum > 0 ? maximum / 127 : 1;
    }
    entries.push({ name: tensor.name, dtype: tensor.dtype, length: tensor.data.length, scale, offset });
    offset = align4(offset + tensor.data.length * (tensor.dtype === 'int8' ? 1 : 4));
  }
  const header: ArtifactHeader = { format: 1, kind, metadata, tensors: entries };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const dataStart = align4(8 + headerBytes.length);
  const bytes = new Uint8Array(dataStart + offset);
  bytes.set(magic, 0);
  const view = new DataView(bytes.buffer);
  view.setUint32(4, headerBytes.length, true);
  bytes.set(headerBytes, 8);
  for (const [position, tensor] of tensors.entries()) {
    const entry = entries[position]!;
    const start = dataStart + entry.offset;
    if (tensor.dtype === 'int8') {
      for (let index = 0; index < tensor.data.length; index += 1) {
        const quantised = Math.max(-127, Math.min(127, Math.round(tensor.data[index]! / entry.scale)));
        view.setInt8(start + index, quantised);
      }
    } else {
      for (let index = 0; index < tensor.data.length; index += 1) {
        view.setFloat32(start + index * 4, tensor.data[index]!, true);
      }
    }
  }
  return bytes;
}

function corrupt(reason: string): GuardError {
  return new GuardError('model-integrity', `Model artifact is malformed: ${reason}.`);
}

/**
 * Decodes artifact bytes. Throws GuardError 'model-integrity' on a malformed artifact.
 *
 * @example
 * const artifact = decodeTensorArtifact(bytes); artifact.tensors.get('weights');
 */
export function decodeTensorArtifact(bytes: Uint8Array): TensorArtifact {
  if (bytes.length < 8 || magic.some((value, index) => bytes[index] !== value)) throw corrupt('bad magic');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(4, true);
  if (8 + headerLength > bytes.length) throw corrupt('truncated header');
  let header: ArtifactHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as ArtifactHeader;
  } catch (error) {
    throw new GuardError('model-integrity', 'Model artifact is malformed: header is not JSON.', { cause: error });
  }
  if (header.format !== 1 || !Array.isArray(header.tensors)) throw corrupt('unsupported format');
  const dataStart = align4(8 + headerLength);
  const tensors = new Map<string, Float32Array>();
  for (const entry of header.tensors) {
    const width = entry.dtype === 'int8' ? 1 : 4;
    const start = dataStart + entry.offset;
    if (start + entry.length * width > bytes.length) throw corrupt(`tensor ${entry.name} out of range`);
    const data = new Float32Array(entry.length);
    if (entry.dtype === 'int8') {
      for (let index = 0; index < entry.length; index += 1) data[index] = view.getInt8(start + index) * entry.scale;
    } else {
      for (let index = 0; index < entry.length; index += 1) data[index] = view.getFloat32(start + index * 4, true);
    }
    tensors.set(entry.name, data);
  }
  return { kind: header.kind, metadata: header.metadata ?? {}, tensors };
}
