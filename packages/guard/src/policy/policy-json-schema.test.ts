import { Validator } from '@cfworker/json-schema';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createRegistry } from '../scanner/create-registry.js';
import { patternScanner, referenceScanners } from '../testing/fake-scanners.js';
import { defaultPolicyYaml } from './default-policy.js';
import { policyJsonSchema } from './policy-json-schema.js';

describe('policyJsonSchema', () => {
  it('accepts the default policy and rejects unknown keys and bad values', () => {
    const validator = new Validator(policyJsonSchema() as never, '2020-12');
    expect(validator.validate(parse(defaultPolicyYaml)).valid).toBe(true);
    expect(validator.validate({ version: 1, id: 'x', input: { onErorr: 'fail-open' } }).valid).toBe(false);
    expect(validator.validate({ version: 1, id: 'x', mode: 'loud' }).valid).toBe(false);
    expect(validator.validate({ id: 'x' }).valid).toBe(false);
  });

  it('with a registry, lists scanner ids and checks each scanner config', () => {
    const registry = createRegistry([...referenceScanners(), patternScanner({ id: 'words', words: ['a'] })]);
    const schema = policyJsonSchema({ registry });
    const entry = (schema['$defs'] as Record<string, { properties: { use: { enum: string[] } } }>)[
      'PalisadeScannerEntry'
    ];
    expect(entry?.properties.use.enum).toContain('words');
    const validator = new Validator(schema as never, '2020-12');
    const policy = (config: unknown) => ({ version: 1, id: 'x', input: { scanners: [{ use: 'words', config }] } });
    expect(validator.validate(policy({ words: ['b'] })).valid).toBe(true);
    expect(validator.validate(policy({ words: 'b' })).valid).toBe(false);
    expect(validator.validate({ version: 1, id: 'x', input: { scanners: [{ use: 'nope' }] } }).valid).toBe(false);
  });
});
