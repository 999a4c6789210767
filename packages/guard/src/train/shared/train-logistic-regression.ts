import type { SparseVector } from '../../models/shared/hashed-features.js';
import { createSeededRandom, shuffleInPlace } from './seeded-random.js';

/** Options for {@link trainLogisticRegression}. */
export interface LogisticRegressionOptions {
  readonly dimensions: number;
  readonly seed: number;
  readonly epochs?: number;
  /** AdaGrad base learning rate. */
  readonly learningRate?: number;
  /** L2 penalty per example (lazy, applied to touched weights). */
  readonly l2?: number;
}

/** One training row: features, label and weight. */
export interface TrainingRow {
  readonly vector: SparseVector;
  readonly label: 0 | 1;
  readonly weight: number;
}

/** Trained weights and bias. */
export interface LogisticRegressionModel {
  readonly weights: Float32Array;
  readonly bias: number;
}

/**
 * Sparse logistic regression with AdaGrad SGD and L2, deterministic for a given seed.
 *
 * @example
 * const model = trainLogisticRegression(rows, { dimensions: 1 << 18, seed: 42 });
 */
export function trainLogisticRegression(
  rows: readonly TrainingRow[],
  options: LogisticRegressionOptions,
): LogisticRegressionModel {
  const epochs = options.epochs ?? 6;
  const learningRate = options.learningRate ?? 0.2;
  const l2 = options.l2 ?? 1e-6;
  const weights = new Float64Array(options.dimensions);
  const squaredGradients = new Float64Array(options.dimensions).fill(1e-8);
  let bias = 0;
  let biasSquared = 1e-8;
  const random = createSeededRandom(options.seed);
  const order = rows.map((_, index) => index);
  for (let epoch = 0; epoch < epochs; epoch += 1) {
    shuffleInPlace(order, random);
    for (const rowIndex of order) {
      const row = rows[rowIndex]!;
      const { indices, values } = row.vector;
      let margin = bias;
      for (let position = 0; position < indices.length; position += 1) {
        margin += weights[indices[position]!]! * values[position]!;
      }
      const probability = margin >= 0 ? 1 / (1 + Math.exp(-margin)) : Math.exp(margin) / (1 + Math.exp(margin));
      const error = (probability - row.label) * row.weight;
      for (let position = 0; position < indices.length; position += 1) {
        const index = indices[position]!;
        const gradient = error * values[position]! + l2 * weights[index]!;
        squaredGradients[index]! += gradient * gradient;
        weights[index]! -= (learningRate * gradient) / Math.sqrt(squaredGradients[index]!);
      }
      biasSquared += error * error;
      bias -= (learningRate * error) / Math.sqrt(biasSquared);
    }
  }
  return { weights: Float32Array.from(weights), bias };
}

/**
 * Fits Platt scaling (p = sigmoid(slope * margin + intercept)) by Newton's method with the
 * usual target smoothing.
 *
 * @example
 * const { slope, intercept } = fitPlatt(margins, labels);
 */
export function fitPlatt(margins: readonly number[], labels: readonly (0 | 1)[]): { slope: number; intercept: number } {
  const positives = labels.filter((label) => label === 1).length;
  const negatives = labels.length - positives;
  const high = (positives + 1) / (positives + 2);
  const low = 1 / (negatives + 2);
  let slope = 1;
  let intercept = 0;
  for (let iteration = 0; iteration < 100; iteration += 1) {
    let gradientSlope = 0;
    let gradientIntercept = 0;
    let hessianSS = 1e-9;
    let hessianSI = 0;
    let hessianII = 1e-9;
    for (let index = 0; index < margins.length; index += 1) {
      const margin = margins[index]!;
      const target = labels[index] === 1 ? high : low;
      const value = slope * margin + intercept;
      const probability = value >= 0 ? 1 / (1 + Math.exp(-value)) : Math.exp(value) / (1 + Math.exp(value));
      const difference = probability - target;
      const curvature = Math.max(probability * (1 - probability), 1e-12);
      gradientSlope += difference * margin;
      gradientIntercept += difference;
      hessianSS += curvature * margin * margin;
      hessianSI += curvature * margin;
      hessianII += curvature;
    }
    const determinant = hessianSS * hessianII - hessianSI * hessianSI;
    if (Math.abs(determinant) < 1e-15) break;
    const stepSlope = (hessianII * gradientSlope - hessianSI * gradientIntercept) / determinant;
    const stepIntercept = (hessianSS * gradientIntercept - hessianSI * gradientSlope) / determinant;
    slope -= stepSlope;
    intercept -= stepIntercept;
    if (Math.abs(stepSlope) + Math.abs(stepIntercept) < 1e-9) break;
  }
  return { slope, intercept };
}
