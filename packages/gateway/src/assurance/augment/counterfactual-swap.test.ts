import { describe, expect, it } from 'vitest';
import { applyCounterfactual, counterfactualMappings } from './counterfactual-swap.js';

const gender = counterfactualMappings.find((mapping) => mapping.attribute === 'gender')!;
const religion = counterfactualMappings.find((mapping) => mapping.attribute === 'religion')!;

describe('applyCounterfactual', () => {
  it('swaps gendered words with grammar-aware pronouns and preserved case', () => {
    expect(applyCounterfactual('She gave her book to him.', gender).text).toBe('He gave his book to her.');
    expect(applyCounterfactual('I thanked her and left. The car is hers.', gender).text).toBe(
      'I thanked him and left. The car is his.',
    );
    expect(applyCounterfactual('His wife called; the decision was his.', gender).text).toBe(
      'Her husband called; the decision was hers.',
    );
    expect(applyCounterfactual('MR SMITH and his son', gender).text).toBe('MS SMITH and her daughter');
  });

  it('logs each swap with counts and leaves unrelated words alone', () => {
    const result = applyCounterfactual('The man asked another man. Shepherd is not she.', gender);
    expect(result.text).toBe('The woman asked another woman. Shepherd is not he.');
    expect(result.swaps).toEqual([
      { from: 'man', to: 'woman', count: 2 },
      { from: 'she', to: 'he', count: 1 },
    ]);
  });

  it('rotates religions consistently', () => {
    expect(applyCounterfactual('A Christian visited the church.', religion).text).toBe('A Muslim visited the mosque.');
  });
});
