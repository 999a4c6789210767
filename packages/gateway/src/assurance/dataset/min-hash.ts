const numberOfHashes = 128;
const bands = 32;
const rowsPerBand = numberOfHashes / bands;

// Fixed seeds: the same text always gets the same signature, across runs and files.
const seeds = Array.from(
  { length: numberOfHashes },
  (_, index) => (Math.imul(index + 1, 0x9e3779b1) ^ 0x5bd1e995) >>> 0,
);

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function mix(value: number, seed: number): number {
  let hash = (value ^ seed) >>> 0;
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}

/** Normalised text used for exact-duplicate keys and shingles. */
export function normalizeForDeduplication(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Word 3-shingles (character 5-grams for texts under 8 words).
 *
 * @example
 * shingles('the quick brown fox').size // 2
 */
export function shingles(text: string): Set<string> {
  const normalized = normalizeForDeduplication(text);
  const words = normalized.split(' ').filter(Boolean);
  const result = new Set<string>();
  if (words.length >= 8) {
    for (let index = 0; index + 3 <= words.length; index += 1) result.add(words.slice(index, index + 3).join(' '));
  } else {
    for (let index = 0; index + 5 <= normalized.length; index += 1) result.add(normalized.slice(index, index + 5));
    if (result.size === 0 && normalized) result.add(normalized);
  }
  return result;
}

/**
 * A 128-value MinHash signature of a text's shingles.
 *
 * @example
 * estimateJaccard(minHash(a), minHash(b)) // ≈ Jaccard similarity of their shingle sets
 */
export function minHash(text: string): Uint32Array {
  const signature = new Uint32Array(numberOfHashes).fill(0xffffffff);
  for (const shingle of shingles(text)) {
    const base = fnv1a(shingle);
    for (let index = 0; index < numberOfHashes; index += 1) {
      const value = mix(base, seeds[index] ?? 0);
      if (value < (signature[index] ?? 0)) signature[index] = value;
    }
  }
  return signature;
}

/** Share of equal signature positions: an unbiased estimate of Jaccard similarity. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  let equal = 0;
  for (let index = 0; index < numberOfHashes; index += 1) if (a[index] === b[index]) equal += 1;
  return equal / numberOfHashes;
}

/**
 * Locality-sensitive hashing over MinHash signatures (32 bands × 4 rows): finds earlier items whose
 * estimated Jaccard similarity reaches a threshold without comparing every pair.
 *
 * @example
 * const index = new MinHashIndex(); index.add(1, minHash(a)); index.query(minHash(b), 0.8)
 */
export class MinHashIndex {
  private readonly buckets: Map<string, number[]>[] = Array.from({ length: bands }, () => new Map());
  private readonly signatures = new Map<number, Uint32Array>();

  get size(): number {
    return this.signatures.size;
  }

  add(id: number, signature: Uint32Array): void {
    this.signatures.set(id, signature);
    for (let band = 0; band < bands; band += 1) {
      const key = signature.subarray(band * rowsPerBand, (band + 1) * rowsPerBand).join(',');
      const bucket = this.buckets[band]?.get(key);
      if (bucket) {
        if (bucket.length < 64) bucket.push(id);
      } else this.buckets[band]?.set(key, [id]);
    }
  }

  /** Ids of indexed items with estimated Jaccard ≥ threshold, best first. */
  query(signature: Uint32Array, threshold: number): { id: number; similarity: number }[] {
    const candidates = new Set<number>();
    for (let band = 0; band < bands; band += 1) {
      const key = signature.subarray(band * rowsPerBand, (band + 1) * rowsPerBand).join(',');
      for (const id of this.buckets[band]?.get(key) ?? []) candidates.add(id);
    }
    const matches: { id: number; similarity: number }[] = [];
    for (const id of candidates) {
      const other = this.signatures.get(id);
      if (!other) continue;
      const similarity = estimateJaccard(signature, other);
      if (similarity >= threshold) matches.push({ id, similarity });
    }
    return matches.sort((a, b) => b.similarity - a.similarity);
  }
}
