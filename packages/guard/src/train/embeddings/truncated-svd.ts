import type { SparseVector } from '../../models/shared/hashed-features.js';
import { createSeededRandom } from '../shared/seeded-random.js';

/** Result of {@link truncatedSvd}: right singular vectors (row-major d × k) and singular values. */
export interface TruncatedSvd {
  readonly components: Float64Array;
  readonly singularValues: Float64Array;
  readonly rank: number;
}

function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Orthonormalises the columns of an n × c row-major matrix in place (modified Gram–Schmidt). */
function orthonormalise(matrix: Float64Array, rows: number, columns: number): void {
  for (let column = 0; column < columns; column += 1) {
    for (let previous = 0; previous < column; previous += 1) {
      let dot = 0;
      for (let row = 0; row < rows; row += 1)
        dot += matrix[row * columns + column]! * matrix[row * columns + previous]!;
      for (let row = 0; row < rows; row += 1)
        matrix[row * columns + column]! -= dot * matrix[row * columns + previous]!;
    }
    let norm = 0;
    for (let row = 0; row < rows; row += 1) norm += matrix[row * columns + column]! ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let row = 0; row < rows; row += 1) matrix[row * columns + column]! /= norm;
  }
}

/** Y = X M for sparse rows X (n × d) and dense M (d × c). */
function multiplyRight(rows: readonly SparseVector[], dense: Float64Array, columns: number): Float64Array {
  const result = new Float64Array(rows.length * columns);
  for (let row = 0; row < rows.length; row += 1) {
    const { indices, values } = rows[row]!;
    const offset = row * columns;
    for (let position = 0; position < indices.length; position += 1) {
      const base = indices[position]! * columns;
      const value = values[position]!;
      for (let column = 0; column < columns; column += 1) result[offset + column]! += value * dense[base + column]!;
    }
  }
  return result;
}

/** Z = Xᵀ Y for sparse rows X (n × d) and dense Y (n × c): d × c. */
function multiplyTransposed(
  rows: readonly SparseVector[],
  dense: Float64Array,
  columns: number,
  dimensions: number,
): Float64Array {
  const result = new Float64Array(dimensions * columns);
  for (let row = 0; row < rows.length; row += 1) {
    const { indices, values } = rows[row]!;
    const offset = row * columns;
    for (let position = 0; position < indices.length; position += 1) {
      const base = indices[position]! * columns;
      const value = values[position]!;
      for (let column = 0; column < columns; column += 1) result[base + column]! += value * dense[offset + column]!;
    }
  }
  return result;
}

/** Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations. */
function symmetricEigen(matrix: Float64Array, size: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const vectors = new Float64Array(size * size);
  for (let index = 0; index < size; index += 1) vectors[index * size + index] = 1;
  for (let sweep = 0; sweep < 60; sweep += 1) {
    let off = 0;
    for (let p = 0; p < size; p += 1) for (let q = p + 1; q < size; q += 1) off += a[p * size + q]! ** 2;
    if (off < 1e-20) break;
    for (let p = 0; p < size; p += 1) {
      for (let q = p + 1; q < size; q += 1) {
        const apq = a[p * size + q]!;
        if (Math.abs(apq) < 1e-15) continue;
        const theta = (a[q * size + q]! - a[p * size + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < size; k += 1) {
          const akp = a[k * size + p]!;
          const akq = a[k * size + q]!;
          a[k * size + p] = c * akp - s * akq;
          a[k * size + q] = s * akp + c * akq;
        }
        for (let k = 0; k < size; k += 1) {
          const apk = a[p * size + k]!;
          const aqk = a[q * size + k]!;
          a[p * size + k] = c * apk - s * aqk;
          a[q * size + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < size; k += 1) {
          const vkp = vectors[k * size + p]!;
          const vkq = vectors[k * size + q]!;
          vectors[k * size + p] = c * vkp - s * vkq;
          vectors[k * size + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(size);
  for (let index = 0; index < size; index += 1) values[index] = a[index * size + index]!;
  return { values, vectors };
}

/**
 * Randomised truncated SVD (Halko et al.) of a sparse n × d matrix: the top `rank` right singular
 * vectors and singular values. Deterministic for a seed.
 *
 * @example
 * const svd = truncatedSvd(rows, 1 << 15, 48, 42);
 */
export function truncatedSvd(
  rows: readonly SparseVector[],
  dimensions: number,
  rank: number,
  seed: number,
  oversampling = 12,
  powerIterations = 1,
): TruncatedSvd {
  const columns = rank + oversampling;
  const random = createSeededRandom(seed);
  const omega = new Float64Array(dimensions * columns);
  for (let index = 0; index < omega.length; index += 1) omega[index] = gaussian(random);
  let sample = multiplyRight(rows, omega, columns);
  orthonormalise(sample, rows.length, columns);
  for (let iteration = 0; iteration < powerIterations; iteration += 1) {
    const back = multiplyTransposed(rows, sample, columns, dimensions);
    orthonormalise(back, dimensions, columns);
    sample = multiplyRight(rows, back, columns);
    orthonormalise(sample, rows.length, columns);
  }
  // B = Qᵀ X, stored transposed as d × c.
  const projected = multiplyTransposed(rows, sample, columns, dimensions);
  // B Bᵀ (c × c).
  const gram = new Float64Array(columns * columns);
  for (let index = 0; index < dimensions; index += 1) {
    const base = index * columns;
    for (let left = 0; left < columns; left += 1) {
      const value = projected[base + left]!;
      if (value === 0) continue;
      for (let right = left; right < columns; right += 1)
        gram[left * columns + right]! += value * projected[base + right]!;
    }
  }
  for (let left = 0; left < columns; left += 1)
    for (let right = 0; right < left; right += 1) gram[left * columns + right] = gram[right * columns + left]!;
  const { values, vectors } = symmetricEigen(gram, columns);
  const order = [...values.keys()].sort((left, right) => values[right]! - values[left]!).slice(0, rank);
  const singularValues = new Float64Array(rank);
  const components = new Float64Array(dimensions * rank);
  for (const [position, eigenIndex] of order.entries()) {
    const singular = Math.sqrt(Math.max(values[eigenIndex]!, 1e-18));
    singularValues[position] = singular;
    // v = Bᵀ u / σ
    for (let index = 0; index < dimensions; index += 1) {
      let sum = 0;
      const base = index * columns;
      for (let column = 0; column < columns; column += 1)
        sum += projected[base + column]! * vectors[column * columns + eigenIndex]!;
      components[index * rank + position] = sum / singular;
    }
  }
  return { components, singularValues, rank };
}
