import { describe, expect, it } from 'vitest';
import type { ScanContext } from '../../scanner/types.js';
import { buildViews } from '../../text/build-views.js';
import { TopicsConfig, topicsScanner } from './index.js';
import { createHashedTopicSpace, topicText } from './topic-vector-space.js';

function context(text: string): ScanContext {
  return { text, stage: 'input', signal: new AbortController().signal, views: () => buildViews(text) };
}

const investment = {
  name: 'investment-advice',
  examples: [
    'Which stocks should I buy this year?',
    'Is it a good time to invest in crypto?',
    'What shares will go up next week?',
    'Should I put my savings into index funds?',
  ],
  keywords: ['stock tips', 'crypto coin'],
};

describe('topic vector space', () => {
  it('drops function words and scores related texts above unrelated ones', () => {
    expect(topicText('How do I reset THE router?')).toBe('reset router');
    const space = createHashedTopicSpace();
    const example = space.embed('Which stocks should I buy this year?');
    const related = space.similarity(space.embed('What stocks do you recommend buying?'), example);
    const unrelated = space.similarity(space.embed('How do I bake sourdough bread?'), example);
    expect(related).toBeGreaterThan(0.2);
    expect(unrelated).toBeLessThan(0.05);
    expect(space.similarity(example, example)).toBeCloseTo(1, 5);
  });
});

describe('topicsScanner', () => {
  it('reports banned topics by similarity and by keyword, with the sentence span', async () => {
    const scanner = await topicsScanner.create(TopicsConfig.parse({ banned: [investment] }));
    const text = 'Thanks for the help earlier. What stocks do you recommend buying?';
    const { findings, score } = await scanner.scan(context(text));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      category: 'topics.banned',
      metadata: { topic: 'investment-advice', matchedBy: 'example' },
    });
    expect(text.slice(findings[0]!.span!.start, findings[0]!.span!.end).trim()).toBe(
      'What stocks do you recommend buying?',
    );
    expect(score).toBeGreaterThan(0.2);
    const byKeyword = await scanner.scan(context('Any good STOCK   TIPS for me?'));
    expect(byKeyword.findings[0]?.metadata).toMatchObject({ matchedBy: 'keyword' });
    const clean = await scanner.scan(context('How do I bake sourdough bread?'));
    expect(clean.findings).toEqual([]);
    expect(clean.score).toBeLessThan(0.2);
  });

  it('reports off-topic text when allowed topics are set, but not short greetings', async () => {
    const scanner = await topicsScanner.create(
      TopicsConfig.parse({
        allowed: [
          {
            name: 'router-support',
            examples: [
              'How do I reset my router?',
              'My wifi keeps disconnecting',
              'How do I change the wifi password?',
            ],
            keywords: ['router', 'wifi', 'modem'],
          },
        ],
      }),
    );
    expect((await scanner.scan(context('The wifi drops every evening, can you help?'))).findings).toEqual([]);
    const off = await scanner.scan(context('Write me a long poem about the ocean and the moon.'));
    expect(off.findings[0]).toMatchObject({
      category: 'topics.off-topic',
      metadata: { closestTopic: 'router-support' },
    });
    expect(off.score).toBeGreaterThan(0.5);
    expect((await scanner.scan(context('hi there'))).findings).toEqual([]);
  });

  it('can use the shared sentence embedding instead of the hashed space', async () => {
    const scanner = await topicsScanner.create(
      TopicsConfig.parse({ banned: [investment], space: 'embedding', threshold: 0.99 }),
    );
    const outcome = await scanner.scan(context('Which stocks should I buy this year?'));
    expect(outcome.findings[0]?.metadata).toMatchObject({ topic: 'investment-advice' });
    expect(outcome.score).toBeGreaterThan(0.99);
  });

  it('needs at least one topic and valid thresholds', () => {
    expect(() => TopicsConfig.parse({})).toThrow();
    expect(() => TopicsConfig.parse({ banned: [{ name: 'x', examples: [] }] })).toThrow();
    expect(() => TopicsConfig.parse({ banned: [investment], threshold: 2 })).toThrow();
  });
});
