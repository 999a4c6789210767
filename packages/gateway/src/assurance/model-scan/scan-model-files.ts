import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, normalize } from 'node:path';
import { unzipSync } from 'fflate';
import { analyzeOnnx } from './analyze-onnx.js';
import { analyzePickle, importSeverity } from './analyze-pickle.js';

/** How bad a model-file finding is. */
export type ModelSeverity = 'info' | 'low' | 'medium' | 'high' | 'critical';

/** One problem in one model file. */
export interface ModelFinding {
  readonly file: string;
  /** Entry inside an archive, when the problem is there. */
  readonly entry?: string;
  readonly severity: ModelSeverity;
  readonly kind:
    | 'pickle-dangerous-import'
    | 'pickle-import'
    | 'pickle-malformed'
    | 'pickle-trailing-data'
    | 'archive-path-traversal'
    | 'archive-bomb'
    | 'archive-malformed'
    | 'onnx-external-data-escape'
    | 'onnx-custom-domain'
    | 'onnx-malformed'
    | 'keras-lambda-layer'
    | 'size-anomaly';
  readonly message: string;
}

/** Result over a file or folder. */
export interface ModelScanReport {
  readonly filesScanned: number;
  readonly findings: readonly ModelFinding[];
  readonly highestSeverity: ModelSeverity | 'none';
}

const severityOrder: readonly ModelSeverity[] = ['info', 'low', 'medium', 'high', 'critical'];
const standardOnnxDomains = new Set([
  '',
  'ai.onnx',
  'ai.onnx.ml',
  'ai.onnx.training',
  'ai.onnx.preview.training',
  'com.microsoft',
]);
const modelExtensions = new Set([
  '.pkl',
  '.pickle',
  '.pt',
  '.pth',
  '.bin',
  '.ckpt',
  '.joblib',
  '.onnx',
  '.keras',
  '.h5',
  '.hdf5',
  '.zip',
  '.npy',
  '.npz',
  '.safetensors',
  '.mar',
  '.nemo',
]);
const maximumCompressionRatio = 200;
const maximumUncompressedBytes = 4 * 1024 ** 3;

function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

function looksLikePickle(bytes: Uint8Array): boolean {
  const first = bytes[0];
  return first === 0x80 || first === 0x28 || first === 0x63 || first === 0x7d || first === 0x5d;
}

function scanPickleBytes(bytes: Uint8Array, file: string, entry: string | undefined, findings: ModelFinding[]): void {
  let offset = 0;
  for (let index = 0; index < 16 && offset < bytes.length; index += 1) {
    const analysis = analyzePickle(bytes, offset);
    for (const found of analysis.imports) {
      const severity = importSeverity(found.module, found.name);
      if (severity === 'critical' || severity === 'high') {
        findings.push({
          file,
          entry,
          severity,
          kind: 'pickle-dangerous-import',
          message: `pickle imports ${found.module}.${found.name} at byte ${found.offset}: loading this file can run code`,
        });
      } else if (severity === 'medium') {
        findings.push({
          file,
          entry,
          severity,
          kind: 'pickle-import',
          message: `pickle imports unfamiliar callable ${found.module}.${found.name}`,
        });
      }
    }
    if (analysis.error) {
      if (index === 0)
        findings.push({ file, entry, severity: 'medium', kind: 'pickle-malformed', message: analysis.error });
      return;
    }
    offset = analysis.end;
    // Legacy torch files are several pickles in a row followed by raw tensor storage.
    if (offset >= bytes.length || bytes[offset] !== 0x80) {
      if (analysis.trailingBytes > 0 && !/\.(bin|pt|pth|ckpt)$/.test(entry ?? file)) {
        findings.push({
          file,
          entry,
          severity: 'low',
          kind: 'pickle-trailing-data',
          message: `${analysis.trailingBytes} bytes after the STOP opcode`,
        });
      }
      return;
    }
  }
}

function scanKerasConfig(text: string, file: string, entry: string | undefined, findings: ModelFinding[]): void {
  if (/"class_name"\s*:\s*"(Lambda|TFOpLambda)"/.test(text)) {
    findings.push({
      file,
      entry,
      severity: 'high',
      kind: 'keras-lambda-layer',
      message: 'Keras Lambda layer: its serialized Python code runs when the model is loaded',
    });
  }
}

function scanZip(bytes: Uint8Array, file: string, findings: ModelFinding[]): void {
  let entries: Record<string, Uint8Array>;
  try {
    let total = 0;
    entries = unzipSync(bytes, {
      filter: (entry) => {
        total += entry.originalSize;
        const name = entry.name;
        const normalized = normalize(name.replace(/\\/g, '/'));
        if (name.startsWith('/') || /^[A-Za-z]:/.test(name) || normalized.startsWith('..') || name.includes('\0')) {
          findings.push({
            file,
            entry: name,
            severity: 'critical',
            kind: 'archive-path-traversal',
            message: 'archive entry escapes the extraction folder',
          });
        }
        if (
          entry.size > 0 &&
          entry.originalSize / entry.size > maximumCompressionRatio &&
          entry.originalSize > 10 * 1024 ** 2
        ) {
          findings.push({
            file,
            entry: name,
            severity: 'high',
            kind: 'archive-bomb',
            message: `compression ratio ${Math.round(entry.originalSize / entry.size)}:1`,
          });
          return false;
        }
        if (total > maximumUncompressedBytes) return false;
        const extension = extname(name).toLowerCase();
        return (
          ['.pkl', '.pickle', '.json', '.onnx', ''].includes(extension) ||
          basename(name) === 'data.pkl' ||
          extension === '.bin'
        );
      },
    });
    if (total > maximumUncompressedBytes) {
      findings.push({ file, severity: 'high', kind: 'archive-bomb', message: `archive expands to ${total} bytes` });
    }
  } catch (error) {
    findings.push({
      file,
      severity: 'medium',
      kind: 'archive-malformed',
      message: error instanceof Error ? error.message : 'unreadable zip',
    });
    return;
  }
  for (const [name, content] of Object.entries(entries)) {
    if (name.endsWith('.json')) scanKerasConfig(new TextDecoder().decode(content), file, name, findings);
    else if (name.endsWith('.onnx')) scanOnnx(content, file, name, findings);
    else if (name.endsWith('.pkl') || name.endsWith('.pickle') || looksLikePickle(content))
      scanPickleBytes(content, file, name, findings);
  }
}

function scanOnnx(bytes: Uint8Array, file: string, entry: string | undefined, findings: ModelFinding[]): void {
  const analysis = analyzeOnnx(bytes);
  if (analysis.error)
    findings.push({ file, entry, severity: 'medium', kind: 'onnx-malformed', message: analysis.error });
  for (const location of analysis.externalDataPaths) {
    const normalized = normalize(location.replace(/\\/g, '/'));
    if (normalized.startsWith('..') || normalized.startsWith('/') || /^[A-Za-z]:/.test(location)) {
      findings.push({
        file,
        entry,
        severity: 'critical',
        kind: 'onnx-external-data-escape',
        message: `external data path "${location}" escapes the model folder`,
      });
    }
  }
  for (const domain of new Set([...analysis.operatorDomains, ...analysis.opsetDomains])) {
    if (!standardOnnxDomains.has(domain)) {
      findings.push({
        file,
        entry,
        severity: 'medium',
        kind: 'onnx-custom-domain',
        message: `custom operator domain "${domain}" needs a native library to run`,
      });
    }
  }
}

/**
 * Scans one model file for unsafe content: pickle imports of dangerous callables (also inside zip-based
 * .pt/.keras archives), ONNX external data escaping its folder and custom operator domains, Keras Lambda
 * layers, archive path traversal and bombs, and size anomalies. Reads bytes only; never loads a model.
 *
 * @example
 * scanModelFile('model.pt').filter((finding) => finding.severity === 'critical')
 */
export function scanModelFile(file: string): ModelFinding[] {
  const findings: ModelFinding[] = [];
  const size = statSync(file).size;
  if (size === 0) {
    findings.push({ file, severity: 'medium', kind: 'size-anomaly', message: 'empty model file' });
    return findings;
  }
  if (size > 8 * 1024 ** 3) {
    findings.push({
      file,
      severity: 'low',
      kind: 'size-anomaly',
      message: `file is ${size} bytes; only the first 8 GiB are examined`,
    });
  }
  const bytes = new Uint8Array(readFileSync(file));
  const extension = extname(file).toLowerCase();
  if (isZip(bytes)) scanZip(bytes, file, findings);
  else if (extension === '.onnx') scanOnnx(bytes, file, undefined, findings);
  else if (extension === '.h5' || extension === '.hdf5') {
    // HDF5 Keras files keep their model config as a JSON attribute: search the raw bytes for it.
    scanKerasConfig(new TextDecoder('latin1').decode(bytes), file, undefined, findings);
  } else if (extension === '.safetensors') {
    const headerLength = Number(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(0, true));
    if (headerLength + 8 > bytes.length || headerLength > 100 * 1024 ** 2) {
      findings.push({
        file,
        severity: 'high',
        kind: 'size-anomaly',
        message: `safetensors header length ${headerLength} exceeds the file`,
      });
    }
  } else if (
    looksLikePickle(bytes) ||
    ['.pkl', '.pickle', '.joblib', '.pt', '.pth', '.bin', '.ckpt'].includes(extension)
  ) {
    scanPickleBytes(bytes, file, undefined, findings);
  }
  return findings;
}

function* modelFiles(path: string): Generator<string> {
  const stats = statSync(path);
  if (stats.isFile()) {
    yield path;
    return;
  }
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) yield* modelFiles(child);
    else if (entry.isFile() && modelExtensions.has(extname(entry.name).toLowerCase())) yield child;
  }
}

/**
 * Scans a file or every model file under a folder.
 *
 * @example
 * const report = scanModels('models/'); if (report.highestSeverity === 'critical') fail();
 */
export function scanModels(path: string): ModelScanReport {
  const findings: ModelFinding[] = [];
  let filesScanned = 0;
  for (const file of modelFiles(path)) {
    filesScanned += 1;
    findings.push(...scanModelFile(file));
  }
  let highest: ModelSeverity | 'none' = 'none';
  for (const finding of findings) {
    if (highest === 'none' || severityOrder.indexOf(finding.severity) > severityOrder.indexOf(highest))
      highest = finding.severity;
  }
  return { filesScanned, findings, highestSeverity: highest };
}
