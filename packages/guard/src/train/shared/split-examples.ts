import type { LabelledExample } from './labelled-example.js';
import { stableHash } from './seeded-random.js';

/** A train/test split. */
export interface ExampleSplit {
  readonly train: LabelledExample[];
  readonly test: LabelledExample[];
}

/**
 * Deterministic group-aware random split: a group (translations of one item, one text) lands
 * entirely on one side.
 *
 * @example
 * const { train, test } = splitByGroup(examples, 0.2, 42);
 */
export function splitByGroup(examples: readonly LabelledExample[], testFraction: number, seed: number): ExampleSplit {
  const train: LabelledExample[] = [];
  const test: LabelledExample[] = [];
  for (const example of examples) {
    const bucket = (stableHash(`${seed}:${example.group}`) % 10_000) / 10_000;
    (bucket < testFraction ? test : train).push(example);
  }
  return { train, test };
}

/**
 * Source-held-out split: train on every other source, test on this one.
 *
 * @example
 * const { train, test } = holdOutSource(examples, 'inthewild_jailbreaks');
 */
export function holdOutSource(examples: readonly LabelledExample[], source: string | readonly string[]): ExampleSplit {
  const held = new Set(typeof source === 'string' ? [source] : source);
  const train: LabelledExample[] = [];
  const test: LabelledExample[] = [];
  for (const example of examples) (held.has(example.source) ? test : train).push(example);
  return { train, test };
}

/**
 * Picks negatives whose length distribution matches the positives (log2-length buckets), so a
 * metric cannot be won by learning "long text = attack". Deterministic given the seed.
 *
 * @example
 * const matched = lengthMatchedNegatives(positives, negatives, 42);
 */
export function lengthMatchedNegatives(
  positives: readonly LabelledExample[],
  negatives: readonly LabelledExample[],
  seed: number,
): LabelledExample[] {
  const bucketOf = (text: string): number => Math.min(16, Math.floor(Math.log2(Math.max(8, text.length)) * 2));
  const wanted = new Map<number, number>();
  for (const positive of positives) wanted.set(bucketOf(positive.text), (wanted.get(bucketOf(positive.text)) ?? 0) + 1);
  const pools = new Map<number, LabelledExample[]>();
  for (const negative of negatives) {
    const bucket = bucketOf(negative.text);
    const pool = pools.get(bucket) ?? [];
    pool.push(negative);
    pools.set(bucket, pool);
  }
  const chosen: LabelledExample[] = [];
  for (const [bucket, count] of wanted) {
    const pool = (pools.get(bucket) ?? [])
      .slice()
      .sort((left, right) => stableHash(`${seed}:${left.group}`) - stableHash(`${seed}:${right.group}`));
    chosen.push(...pool.slice(0, count));
  }
  return chosen;
}
