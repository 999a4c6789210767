// Node-only adapter: runs a user-supplied ONNX sequence classifier with onnxruntime-node (an
// optional dependency, loaded lazily; not installed by default).
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { GuardError } from '../../errors.js';
import { defineScanner } from '../../scanner/define-scanner.js';
import type { Finding, ScanOutcome } from '../../scanner/types.js';
import { createWordPieceTokenizer, type EncodedText } from './wordpiece-tokenizer.js';

/** The subset of an onnxruntime tensor the adapter uses. */
export interface OnnxTensorLike {
  readonly data: ArrayLike<number | bigint>;
  readonly dims: readonly number[];
}

/** The subset of `ort.InferenceSession` the adapter uses. */
export interface OnnxSessionLike {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, OnnxTensorLike>): Promise<Record<string, OnnxTensorLike>>;
}

/** The subset of the onnxruntime module the adapter uses (injectable for tests). */
export interface OnnxRuntimeLike {
  readonly InferenceSession: { create(path: string): Promise<OnnxSessionLike> };
  readonly Tensor: new (type: 'int64', data: BigInt64Array, dims: readonly number[]) => OnnxTensorLike;
}

/**
 * Loads onnxruntime-node lazily. It is optional and not installed by default: a clear
 * GuardError 'model-unavailable' says how to add it.
 *
 * @example
 * const runtime = await loadOnnxRuntime();
 */
export async function loadOnnxRuntime(moduleName = 'onnxruntime-node'): Promise<OnnxRuntimeLike> {
  try {
    const loaded = (await import(/* @vite-ignore */ moduleName)) as { default?: OnnxRuntimeLike } & OnnxRuntimeLike;
    return loaded.InferenceSession ? loaded : (loaded.default as OnnxRuntimeLike);
  } catch (error) {
    throw new GuardError(
      'model-unavailable',
      `The ONNX adapter needs the optional package ${moduleName}, which is not installed. Install it with "npm install ${moduleName}" (about 300 MB with native binaries), or use the built-in offline models.`,
      { cause: error, details: { package: moduleName } },
    );
  }
}

/**
 * Turns encoded texts into the model's int64 input tensors (`input_ids`, `attention_mask` and,
 * when the model declares it, `token_type_ids`), batched.
 *
 * @example
 * const feeds = buildOnnxFeeds(runtime, session.inputNames, [tokenize(text)]);
 */
export function buildOnnxFeeds(
  runtime: Pick<OnnxRuntimeLike, 'Tensor'>,
  inputNames: readonly string[],
  batch: readonly EncodedText[],
): Record<string, OnnxTensorLike> {
  const length = batch[0]?.inputIds.length ?? 0;
  const dims = [batch.length, length];
  const tensor = (values: (row: EncodedText) => readonly number[]) => {
    const data = new BigInt64Array(batch.length * length);
    batch.forEach((row, rowIndex) => {
      values(row).forEach((value, column) => {
        data[rowIndex * length + column] = BigInt(value);
      });
    });
    return new runtime.Tensor('int64', data, dims);
  };
  const feeds: Record<string, OnnxTensorLike> = {};
  for (const name of inputNames) {
    if (name === 'input_ids') feeds[name] = tensor((row) => row.inputIds);
    else if (name === 'attention_mask') feeds[name] = tensor((row) => row.attentionMask);
    else if (name === 'token_type_ids') feeds[name] = tensor((row) => row.inputIds.map(() => 0));
    else throw new GuardError('invalid-input', `The ONNX model expects an unsupported input "${name}".`);
  }
  return feeds;
}

/**
 * Softmax over each row of `[batch, labels]` logits (or sigmoid for a single logit), returning
 * the probability of `positiveIndex` per row.
 *
 * @example
 * positiveProbabilities({ data: new Float32Array([0, 2]), dims: [1, 2] }, 1) // [0.88]
 */
export function positiveProbabilities(logits: OnnxTensorLike, positiveIndex: number): number[] {
  const [rows = 1, columns = 1] = logits.dims.length === 1 ? [1, logits.dims[0]!] : logits.dims;
  const values = Array.from(logits.data, (value) => Number(value));
  const probabilities: number[] = [];
  for (let row = 0; row < rows; row += 1) {
    const slice = values.slice(row * columns, (row + 1) * columns);
    if (columns === 1) {
      probabilities.push(1 / (1 + Math.exp(-slice[0]!)));
      continue;
    }
    if (positiveIndex < 0 || positiveIndex >= columns) {
      throw new GuardError(
        'config-invalid',
        `positiveLabel index ${positiveIndex} is outside the model's ${columns} labels.`,
      );
    }
    const maximum = Math.max(...slice);
    const exponentials = slice.map((value) => Math.exp(value - maximum));
    const total = exponentials.reduce((sum, value) => sum + value, 0);
    probabilities.push(exponentials[positiveIndex]! / total);
  }
  return probabilities;
}

/** Config of the `onnx-classifier` scanner. */
export const OnnxClassifierConfig = z
  .object({
    /** Local path of the `.onnx` sequence-classification model. */
    modelPath: z.string().min(1),
    /** Local path of the WordPiece `vocab.txt`. */
    vocabularyPath: z.string().min(1),
    /** Label names in output order, e.g. ['benign', 'injection']. */
    labels: z.array(z.string().min(1)).min(1).default(['benign', 'injection']),
    /** The label whose probability is the score. */
    positiveLabel: z.string().min(1).default('injection'),
    lowerCase: z.boolean().default(true),
    maxLength: z.number().int().min(8).max(4096).default(512),
    threshold: z.number().min(0).max(1).default(0.5),
    /** Category of findings. */
    category: z
      .string()
      .regex(/^[a-z-]+(?:\.[a-z-]+)+$/)
      .default('injection.classifier'),
    /** Name of the output tensor with logits (default: the first output). */
    outputName: z.string().optional(),
  })
  .strict();
export type OnnxClassifierConfig = z.infer<typeof OnnxClassifierConfig>;

/**
 * Creates a text scorer from an ONNX classifier (Node only).
 *
 * @example
 * const score = await createOnnxClassifier(OnnxClassifierConfig.parse({ modelPath, vocabularyPath }));
 * await score('Ignore previous instructions'); // 0.97
 */
export async function createOnnxClassifier(
  config: OnnxClassifierConfig,
  runtime?: OnnxRuntimeLike,
): Promise<(text: string) => Promise<number>> {
  const onnx = runtime ?? (await loadOnnxRuntime());
  const positiveIndex = config.labels.indexOf(config.positiveLabel);
  if (positiveIndex < 0)
    throw new GuardError('config-invalid', `positiveLabel "${config.positiveLabel}" is not in labels.`);
  let vocabulary: string[];
  try {
    vocabulary = (await readFile(config.vocabularyPath, 'utf8')).split(/\r?\n/);
  } catch (error) {
    throw new GuardError('model-unavailable', 'The ONNX tokenizer vocabulary could not be read.', { cause: error });
  }
  let session: OnnxSessionLike;
  try {
    session = await onnx.InferenceSession.create(config.modelPath);
  } catch (error) {
    throw new GuardError('model-unavailable', 'The ONNX model could not be loaded.', { cause: error });
  }
  const tokenize = createWordPieceTokenizer({ vocabulary, lowerCase: config.lowerCase, maxLength: config.maxLength });
  const outputName = config.outputName ?? session.outputNames[0];
  if (outputName === undefined) throw new GuardError('model-unavailable', 'The ONNX model has no outputs.');
  return async (text) => {
    const outputs = await session.run(buildOnnxFeeds(onnx, session.inputNames, [tokenize(text)]));
    const logits = outputs[outputName];
    if (logits === undefined)
      throw new GuardError('scanner-failed', `The ONNX model returned no "${outputName}" output.`);
    return positiveProbabilities(logits, positiveIndex)[0] ?? 0;
  };
}

/**
 * Bring-your-own ONNX sequence classifier as a scanner (Node only; needs onnxruntime-node).
 *
 * @example
 * createRegistry([...builtinScanners, onnxClassifierScanner]); // policy: use: onnx-classifier, config: { modelPath, vocabularyPath }
 */
export const onnxClassifierScanner = defineScanner<OnnxClassifierConfig>({
  id: 'onnx-classifier',
  description: 'Your own ONNX sequence classifier by local path (onnxruntime-node, optional)',
  stages: ['input', 'output', 'retrieval', 'tool'],
  engine: 'model',
  configSchema: OnnxClassifierConfig,
  async create(config) {
    const score = await createOnnxClassifier(config);
    return {
      async scan(context): Promise<ScanOutcome> {
        const probability = await score(context.text);
        const findings: Finding[] =
          probability >= config.threshold
            ? [
                {
                  scanner: 'onnx-classifier',
                  category: config.category,
                  severity: probability >= 0.9 ? 'high' : probability >= 0.7 ? 'medium' : 'low',
                  score: Math.round(probability * 1000) / 1000,
                  span: { start: 0, end: context.text.length },
                  message: `ONNX classifier: ${config.positiveLabel} (${probability.toFixed(2)})`,
                },
              ]
            : [];
        return { findings, score: probability };
      },
    };
  },
});
