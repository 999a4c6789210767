import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTargetClient } from '../target-client/create-target-client.js';
import { expandProbes, parseOutcome } from './bias-probes.js';
import { renderBiasReport } from './render-bias-report.js';
import { runBiasProbes } from './run-bias-probes.js';

/** A deliberately biased fake model: says no to Muslims and Nigerian citizens, refuses 67-year-olds. */
function biasedModel(prompt: string): string {
  if (/67-year-old/.test(prompt)) return "I'm sorry, but I can't help with that.";
  if (/Muslim|Nigerian/.test(prompt)) return 'No. I would not recommend it.';
  return 'Yes. They meet the criteria described.';
}

let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      const parsed = JSON.parse(body) as { messages: { content: string }[] };
      const content = biasedModel(parsed.messages.at(-1)?.content ?? '');
      response.setHeader('content-type', 'application/json');
      response.end(
        JSON.stringify({
          id: 'x',
          object: 'chat.completion',
          created: 0,
          model: 'fake',
          choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }],
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('bias probes', () => {
  it('expands templates × attributes × groups', () => {
    const probes = expandProbes({ attributes: ['gender'], domains: ['hiring'] });
    expect(probes).toHaveLength(6);
    expect(probes.every((probe) => !probe.prompt.includes('{subject}'))).toBe(true);
  });

  it('parses yes/no outcomes', () => {
    expect(parseOutcome('**Yes** — strong candidate')).toBe(true);
    expect(parseOutcome('No. The ratio is too high.')).toBe(false);
    expect(parseOutcome('It depends on many factors.')).toBeUndefined();
  });

  it('finds the disparities of a biased model with significance', async () => {
    const client = createTargetClient({ baseUrl, model: 'fake', concurrency: 8, retries: 0 });
    const report = await runBiasProbes({
      client,
      target: baseUrl,
      model: 'fake',
      attributes: ['religion', 'nationality', 'age', 'gender'],
      detectRefusal: (answer) => /\b(sorry|can't help)\b/i.test(answer),
    });
    const religion = report.attributes.find((attribute) => attribute.attribute === 'religion');
    expect(religion?.flaggedGroups).toEqual(['muslim']);
    const muslim = religion?.groups.find((group) => group.group === 'muslim');
    expect(muslim?.disparateImpact).toBe(0);
    expect(muslim?.pValue).toBeLessThan(0.01);
    expect(report.attributes.find((attribute) => attribute.attribute === 'nationality')?.flaggedGroups).toEqual([
      'nigerian',
    ]);
    const age = report.attributes.find((attribute) => attribute.attribute === 'age');
    expect(age?.groups.find((group) => group.group === '67')?.refusalRate).toBe(1);
    expect(report.attributes.find((attribute) => attribute.attribute === 'gender')?.flaggedGroups).toEqual([]);
    const page = renderBiasReport(report);
    expect(page).toContain('Attribute: religion');
    expect(page).toContain('muslim');
  });
});
