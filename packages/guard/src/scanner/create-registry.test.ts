import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isGuardError } from '../errors.js';
import { createRegistry } from './create-registry.js';
import { defineScanner } from './define-scanner.js';

const noop = defineScanner({
  id: 'noop',
  description: 'finds nothing',
  stages: ['input'],
  engine: 'heuristic',
  configSchema: z.object({}),
  create: () => ({ scan: () => ({ findings: [] }) }),
});

describe('createRegistry', () => {
  it('looks up definitions by id', () => {
    const registry = createRegistry([noop]);
    expect(registry.get('noop')).toBe(noop);
    expect(registry.has('missing')).toBe(false);
    expect(registry.ids()).toEqual(['noop']);
  });

  it('rejects unknown ids with a typed error', () => {
    const registry = createRegistry([noop]);
    try {
      registry.get('missing');
      expect.unreachable();
    } catch (error) {
      expect(isGuardError(error) && error.code).toBe('scanner-unknown');
    }
  });

  it('rejects duplicate and non-kebab ids', () => {
    expect(() => createRegistry([noop, noop])).toThrow(/registered twice/);
    expect(() => createRegistry([{ ...noop, id: 'Bad_Id' }])).toThrow(/kebab-case/);
  });
});
