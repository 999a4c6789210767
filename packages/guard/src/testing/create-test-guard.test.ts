import { describe, expect, it } from 'vitest';
import { createTestGuard } from './create-test-guard.js';
import { patternScanner } from './fake-scanners.js';

describe('createTestGuard', () => {
  it('builds a working guard from a snippet', async () => {
    const guard = await createTestGuard({
      scanners: [patternScanner({ id: 'emails', words: ['bob@example.com'], entity: 'EMAIL' })],
      policy: 'input:\n  scanners: [{ use: emails }]\n  rules: [{ when: { scanner: emails }, action: redact }]\n',
    });
    expect(guard.policy.id).toBe('test');
    expect((await guard.check({ stage: 'input', text: 'hi bob@example.com' })).text).toBe('hi <EMAIL_1>');
  });

  it('reports policy errors against the snippet', async () => {
    await expect(createTestGuard({ scanners: [], policy: 'mode: loud\n' })).rejects.toThrow(
      /^test-policy\.yaml:3:7: mode: expected/,
    );
  });
});
