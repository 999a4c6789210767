// Node-only script: regenerates docs/policy-schema.json. Run: npx tsx packages/guard/src/policy/write-policy-schema.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { policyJsonSchemaText } from './policy-json-schema.js';

/** Path of the committed schema file. */
export const policySchemaPath = fileURLToPath(new URL('../../../../docs/policy-schema.json', import.meta.url));

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(policySchemaPath, policyJsonSchemaText());
  process.stdout.write(`wrote ${policySchemaPath}\n`);
}
