import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeGazetteer } from '../../models/pii/gazetteer.js';
import { createSeededRandom } from '../shared/seeded-random.js';
import { evaluateSpans } from './evaluate-pii.js';
import { createPicker, createValuePools } from './fake-values.js';
import { fillTemplate, isHeldOutTemplate } from './generate-examples.js';

const data = decodeGazetteer(
  readFileSync(join(import.meta.dirname, '..', '..', 'models', 'pii', 'gazetteer.json'), 'utf8'),
);
const pools = createValuePools(data);

describe('PII training data generation', () => {
  it('is deterministic for a seed', () => {
    const first = fillTemplate('Ship to {{person}}, {{address}}', pools, createPicker(createSeededRandom(7)), 'test');
    const second = fillTemplate('Ship to {{person}}, {{address}}', pools, createPicker(createSeededRandom(7)), 'test');
    expect(second).toEqual(first);
  });

  it('labels exact spans and merges adjacent address parts; a lone city is not an address', () => {
    const picker = createPicker(createSeededRandom(3));
    const example = fillTemplate(
      '{{building_number}} {{street_name}}, {{city}} and I love {{country}}',
      pools,
      picker,
      'test',
    );
    const addresses = example.spans.filter((span) => span.entity === 'ADDRESS');
    expect(addresses).toHaveLength(1);
    const address = example.text.slice(addresses[0]!.start, addresses[0]!.end);
    expect(example.text.startsWith(address)).toBe(true);
    expect(address).toContain(',');
    expect(example.text.endsWith(address)).toBe(false);
    const lone = fillTemplate('I was born in {{city}}.', pools, picker, 'test');
    expect(lone.spans).toEqual([]);
  });

  it('holds out about 40% of the Presidio templates', () => {
    const heldOut = Array.from({ length: 210 }, (_, id) => isHeldOutTemplate(id)).filter(Boolean).length;
    expect(heldOut).toBeGreaterThan(60);
    expect(heldOut).toBeLessThan(110);
  });
});

describe('span evaluation', () => {
  it('counts overlap matches per type and treats out-of-scope gold as neutral', () => {
    const analyzer = {
      analyze: (text: string) => [
        { entity: 'PERSON', start: 0, end: 3, score: 0.9, recognizer: 'test' },
        {
          entity: 'PERSON',
          start: text.indexOf('Acme'),
          end: text.indexOf('Acme') + 4,
          score: 0.9,
          recognizer: 'test',
        },
        { entity: 'EMAIL', start: text.indexOf('x@'), end: text.length, score: 0.9, recognizer: 'test' },
      ],
      analyzeWithScore: () => ({ candidates: [], maxScore: 0 }),
    };
    const text = 'Ana Lopez of Acme wrote x@example.org';
    const result = evaluateSpans(analyzer, [
      {
        text,
        entities: [
          { type: 'PERSON', start: 0, end: 9 },
          { type: 'ORGANIZATION', start: 13, end: 17 },
          { type: 'PHONE_NUMBER', start: 0, end: 1 },
        ],
      },
    ]);
    expect(result.perType.PERSON).toMatchObject({ truePositives: 1, falsePositives: 0, found: 1, gold: 1 });
    expect(result.perType.EMAIL).toMatchObject({ truePositives: 0, falsePositives: 1 });
    expect(result.perType.PHONE).toMatchObject({ found: 0, gold: 1 });
  });
});
