import { describe, expect, it } from 'vitest';
import type { LabelledExample } from '../shared/labelled-example.js';
import { evaluationRow, fitContentClassifier } from './fit-content-classifier.js';

const positives = ['you are a stupid idiot', 'shut up you moron', 'you worthless loser', 'go away you pathetic clown'];
const negatives = ['have a lovely day', 'the weather is nice today', 'thanks for the help', 'see you at lunch'];
const examples: LabelledExample[] = [];
for (let copy = 0; copy < 12; copy += 1) {
  for (const text of positives)
    examples.push({ text: `${text} ${copy}`, label: 1, source: 'a', group: `p${copy}${text}` });
  for (const text of negatives)
    examples.push({ text: `${text} ${copy}`, label: 0, source: 'b', group: `n${copy}${text}` });
}
const options = {
  seed: 3,
  features: { dimensions: 1 << 12, charMin: 3, charMax: 4, wordMax: 2, charWeight: 1, wordWeight: 1 },
  windowSize: 256,
};

describe('fitContentClassifier', () => {
  it('separates the classes, stores a threshold and is deterministic for a seed', () => {
    const first = fitContentClassifier(examples, options);
    const second = fitContentClassifier(examples, options);
    expect([...first.classifier.weights]).toEqual([...second.classifier.weights]);
    expect(first.threshold).toBe(second.threshold);
    expect(first.classifier.metadata.threshold).toBe(first.threshold);
    const row = evaluationRow('self', examples, (text) => first.classifier.score(text).probability, first.threshold);
    expect(row.auroc).toBeGreaterThan(0.95);
    expect(row.count).toBe(examples.length);
    expect(first.classifier.score('you stupid moron').margin).toBeGreaterThan(
      first.classifier.score('lovely weather today').margin,
    );
  });
});
