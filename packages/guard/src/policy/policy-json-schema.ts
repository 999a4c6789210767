import { z } from 'zod';
import { PolicyDocument } from './policy-schema.js';

/**
 * The JSON Schema (draft 2020-12) of a policy file, for editor autocompletion. Describes the input
 * form: fields with defaults are optional.
 *
 * @example
 * // # yaml-language-server: $schema=./docs/policy-schema.json
 * writeFileSync('docs/policy-schema.json', JSON.stringify(policyJsonSchema(), null, 2));
 */
export function policyJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(PolicyDocument, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://palisade.dev/schemas/policy.json',
    title: 'Palisade policy',
    description: 'A Palisade guard policy: scanners and rules per stage (input, output, retrieval, tool).',
  };
}

/** The schema file's exact text (2-space JSON and a final newline). */
export function policyJsonSchemaText(): string {
  return `${JSON.stringify(policyJsonSchema(), null, 2)}\n`;
}
