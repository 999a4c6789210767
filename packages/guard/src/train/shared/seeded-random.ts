/**
 * A small deterministic PRNG (mulberry32) so every training run is reproducible from its seed.
 *
 * @example
 * const random = createSeededRandom(42); random(); // 0.6011037519201636
 */
export function createSeededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Fisher–Yates shuffle in place with a seeded generator.
 *
 * @example
 * shuffleInPlace(rows, createSeededRandom(7));
 */
export function shuffleInPlace<Item>(items: Item[], random: () => number): Item[] {
  for (let index = items.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    const swap = items[index]!;
    items[index] = items[other]!;
    items[other] = swap;
  }
  return items;
}

/**
 * A stable 32-bit hash of a string (FNV-1a with a murmur3 finaliser), for deterministic hash-based splits.
 *
 * @example
 * stableHash('row-17') % 10
 */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  // Final avalanche (murmur3 fmix32): FNV's low bits are a parity of the input, which would
  // correlate splits that take the hash modulo an even number.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
