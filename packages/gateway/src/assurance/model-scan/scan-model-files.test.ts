import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { analyzePickle } from './analyze-pickle.js';
import { scanModelFile, scanModels } from './scan-model-files.js';

const encoder = new TextEncoder();

function shortString(text: string): number[] {
  const bytes = [...encoder.encode(text)];
  return [0x8c, bytes.length, ...bytes];
}

/** Protocol 4: STACK_GLOBAL builtins.eval('1+1'). */
const stackGlobalEval = new Uint8Array([
  0x80,
  4,
  ...shortString('builtins'),
  ...shortString('eval'),
  0x93,
  ...shortString('1+1'),
  0x85,
  0x52,
  0x2e,
]);
/** Protocol 0: GLOBAL os.system('echo pwned'). */
const globalSystem = encoder.encode("cos\nsystem\n(S'echo pwned'\ntR.");
/** Protocol 2: {'a': 1} built through collections.OrderedDict. */
const benign = new Uint8Array([0x80, 2, ...encoder.encode('ccollections\nOrderedDict\n'), 0x29, 0x52, 0x2e]);

function onnxModel(location: string, domain: string): Uint8Array {
  const entry = protobuf.Writer.create()
    .uint32((1 << 3) | 2)
    .string('location')
    .uint32((2 << 3) | 2)
    .string(location)
    .finish();
  const tensor = protobuf.Writer.create()
    .uint32((13 << 3) | 2)
    .bytes(entry)
    .finish();
  const node = protobuf.Writer.create()
    .uint32((4 << 3) | 2)
    .string('Evil')
    .uint32((7 << 3) | 2)
    .string(domain)
    .finish();
  const graph = protobuf.Writer.create()
    .uint32((1 << 3) | 2)
    .bytes(node)
    .uint32((5 << 3) | 2)
    .bytes(tensor)
    .finish();
  return protobuf.Writer.create()
    .uint32((1 << 3) | 0)
    .int64(8)
    .uint32((7 << 3) | 2)
    .bytes(graph)
    .finish();
}

function directory(): string {
  return mkdtempSync(join(tmpdir(), 'palisade-model-scan-'));
}

describe('analyzePickle', () => {
  it('finds GLOBAL and STACK_GLOBAL imports without executing anything', () => {
    expect(analyzePickle(globalSystem).imports).toEqual([{ module: 'os', name: 'system', offset: 0 }]);
    expect(analyzePickle(stackGlobalEval).imports.map((found) => `${found.module}.${found.name}`)).toEqual([
      'builtins.eval',
    ]);
  });

  it('reports truncated streams', () => {
    expect(analyzePickle(stackGlobalEval.subarray(0, 8)).error).toMatch(/truncated|missing STOP/);
  });
});

describe('scanModelFile', () => {
  it('flags dangerous pickles and passes a benign one', () => {
    const folder = directory();
    writeFileSync(join(folder, 'evil.pkl'), globalSystem);
    writeFileSync(join(folder, 'evil4.pkl'), stackGlobalEval);
    writeFileSync(join(folder, 'good.pkl'), benign);
    expect(scanModelFile(join(folder, 'evil.pkl'))).toMatchObject([
      { severity: 'critical', kind: 'pickle-dangerous-import' },
    ]);
    expect(scanModelFile(join(folder, 'evil4.pkl'))[0]?.message).toContain('builtins.eval');
    expect(scanModelFile(join(folder, 'good.pkl'))).toEqual([]);
  });

  it('looks inside zip-based torch archives and catches path traversal', () => {
    const folder = directory();
    writeFileSync(
      join(folder, 'model.pt'),
      zipSync({ 'archive/data.pkl': stackGlobalEval, 'archive/version': encoder.encode('3') }),
    );
    writeFileSync(join(folder, 'traversal.zip'), zipSync({ '../../etc/cron.d/evil': encoder.encode('x') }));
    expect(scanModelFile(join(folder, 'model.pt'))).toMatchObject([
      { entry: 'archive/data.pkl', severity: 'critical' },
    ]);
    expect(scanModelFile(join(folder, 'traversal.zip'))).toMatchObject([
      { kind: 'archive-path-traversal', severity: 'critical' },
    ]);
  });

  it('flags ONNX external data escaping the folder and custom operator domains', () => {
    const folder = directory();
    writeFileSync(join(folder, 'evil.onnx'), onnxModel('../../../etc/passwd', 'com.evil'));
    writeFileSync(join(folder, 'fine.onnx'), onnxModel('weights.bin', 'ai.onnx.ml'));
    expect(
      scanModelFile(join(folder, 'evil.onnx'))
        .map((finding) => finding.kind)
        .sort(),
    ).toEqual(['onnx-custom-domain', 'onnx-external-data-escape']);
    expect(scanModelFile(join(folder, 'fine.onnx'))).toEqual([]);
  });

  it('flags Keras Lambda layers and empty files', () => {
    const folder = directory();
    const config = JSON.stringify({
      config: { layers: [{ class_name: 'Lambda', config: { function: 'base64code' } }] },
    });
    writeFileSync(join(folder, 'model.keras'), zipSync({ 'config.json': encoder.encode(config) }));
    writeFileSync(join(folder, 'empty.bin'), '');
    expect(scanModelFile(join(folder, 'model.keras'))).toMatchObject([
      { kind: 'keras-lambda-layer', severity: 'high' },
    ]);
    expect(scanModelFile(join(folder, 'empty.bin'))).toMatchObject([{ kind: 'size-anomaly' }]);
  });

  it('scans folders and reports the highest severity', () => {
    const folder = directory();
    mkdirSync(join(folder, 'nested'));
    writeFileSync(join(folder, 'nested/evil.pkl'), globalSystem);
    writeFileSync(join(folder, 'notes.txt'), 'ignored');
    const report = scanModels(folder);
    expect(report.filesScanned).toBe(1);
    expect(report.highestSeverity).toBe('critical');
  });
});
