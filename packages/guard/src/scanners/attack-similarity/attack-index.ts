import { GuardError } from '../../errors.js';

/** One entry of an attack index. */
export interface AttackIndexEntry {
  readonly id: string;
  /** Unit vector (embedding). */
  readonly vector: Float32Array;
}

/** A nearest-neighbour match. */
export interface AttackMatch {
  readonly id: string;
  /** Cosine similarity (dot product of unit vectors), -1..1. */
  readonly similarity: number;
}

/**
 * Where known-attack embeddings live. The default is brute force in memory (fine for thousands of
 * entries); implement this interface over a vector database (pgvector, Qdrant, …) to serve
 * millions — both methods may be async.
 *
 * @example
 * const index: AttackIndex = { add: (entries) => db.upsert(entries), search: (vector, limit) => db.nearest(vector, limit) };
 */
export interface AttackIndex {
  add(entries: readonly AttackIndexEntry[]): void | Promise<void>;
  search(vector: Float32Array, limit: number): readonly AttackMatch[] | Promise<readonly AttackMatch[]>;
  /** Number of entries, when known. */
  readonly size?: number;
}

/**
 * A brute-force in-memory index over a contiguous Float32Array (cache-friendly dot products).
 * Adding an id twice replaces the earlier vector.
 *
 * @example
 * const index = createInMemoryAttackIndex(48);
 * index.add([{ id: 'my-attack-1', vector: embed('…') }]);
 * index.search(embed(text), 3);
 */
export function createInMemoryAttackIndex(dimensions: number): AttackIndex & { readonly size: number } {
  let vectors = new Float32Array(64 * dimensions);
  const ids: string[] = [];
  const positions = new Map<string, number>();
  return {
    get size() {
      return ids.length;
    },
    add(entries) {
      for (const entry of entries) {
        if (entry.vector.length !== dimensions) {
          throw new GuardError('invalid-input', `Attack index expects ${dimensions}-dimensional vectors.`);
        }
        const existing = positions.get(entry.id);
        const row = existing ?? ids.length;
        if (existing === undefined) {
          if ((row + 1) * dimensions > vectors.length) {
            const grown = new Float32Array(vectors.length * 2);
            grown.set(vectors);
            vectors = grown;
          }
          ids.push(entry.id);
          positions.set(entry.id, row);
        }
        vectors.set(entry.vector, row * dimensions);
      }
    },
    search(vector, limit) {
      const best: AttackMatch[] = [];
      for (let row = 0; row < ids.length; row += 1) {
        let dot = 0;
        const offset = row * dimensions;
        for (let dimension = 0; dimension < dimensions; dimension += 1)
          dot += vector[dimension]! * vectors[offset + dimension]!;
        if (best.length < limit || dot > best[best.length - 1]!.similarity) {
          best.push({ id: ids[row]!, similarity: dot });
          best.sort((left, right) => right.similarity - left.similarity);
          if (best.length > limit) best.pop();
        }
      }
      return best;
    },
  };
}
