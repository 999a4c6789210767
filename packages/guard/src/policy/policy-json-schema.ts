import { z } from 'zod';
import type { Registry } from '../scanner/create-registry.js';
import { PolicyDocument } from './policy-schema.js';

/** Options for {@link policyJsonSchema}. */
export interface PolicyJsonSchemaOptions {
  /** When given, `use` lists the registered scanner ids and each scanner's `config` gets its own schema. */
  registry?: Registry;
}

type JsonObject = Record<string, unknown>;

/**
 * The JSON Schema (draft 2020-12) of a policy file, for editor autocompletion. Describes the input
 * form: fields with defaults are optional. With a registry, scanner ids and configs are spelled out.
 *
 * @example
 * // # yaml-language-server: $schema=./policy-schema.json
 * writeFileSync('policy-schema.json', JSON.stringify(policyJsonSchema({ registry }), null, 2));
 */
export function policyJsonSchema(options: PolicyJsonSchemaOptions = {}): JsonObject {
  const schema = z.toJSONSchema(PolicyDocument, { io: 'input', unrepresentable: 'any' }) as JsonObject;
  const result: JsonObject = {
    ...schema,
    $id: 'https://palisade.dev/schemas/policy.json',
    title: 'Palisade policy',
    description: 'A Palisade guard policy: scanners and rules per stage (input, output, retrieval, tool).',
  };
  const registry = options.registry;
  const definitions = result['$defs'] as Record<string, JsonObject> | undefined;
  const entry = definitions?.['PalisadeScannerEntry'];
  if (!registry || !entry || !definitions) return result;
  const properties = entry['properties'] as Record<string, JsonObject>;
  const ids = registry.ids();
  definitions['PalisadeScannerEntry'] = {
    ...entry,
    properties: { ...properties, use: { ...properties['use'], enum: [...ids] } },
    allOf: registry.definitions().map((definition) => {
      const config = z.toJSONSchema(definition.configSchema, { io: 'input', unrepresentable: 'any' }) as JsonObject;
      const { $schema: _ignored, ...configSchema } = config;
      return {
        if: { properties: { use: { const: definition.id } }, required: ['use'] },
        // biome-ignore lint/suspicious/noThenProperty: the JSON Schema if/then keyword, never awaited.
        then: { properties: { config: { ...configSchema, description: definition.description } } },
      };
    }),
  };
  return result;
}

/**
 * The schema file's exact text (2-space JSON and a final newline).
 *
 * @example
 * await writeFile('policy-schema.json', policyJsonSchemaText({ registry }));
 */
export function policyJsonSchemaText(options: PolicyJsonSchemaOptions = {}): string {
  return `${JSON.stringify(policyJsonSchema(options), null, 2)}\n`;
}
