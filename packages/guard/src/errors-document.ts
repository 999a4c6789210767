import { errorCatalogue } from './errors.js';

/**
 * Renders docs/errors.md from the error catalogue (the catalogue is the source of truth).
 *
 * @example
 * writeFileSync('docs/errors.md', renderErrorsDocument());
 */
export function renderErrorsDocument(): string {
  const rows = Object.entries(errorCatalogue)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, entry]) => `| \`${code}\` | ${entry.status} | \`${entry.type}\` | ${entry.description} |`);
  return `# Error codes

Generated from \`packages/guard/src/errors.ts\` by \`npx tsx scripts/write-errors-document.ts\`; do not edit.

Every failure in the library and the gateway is a \`GuardError\` with one of these stable codes. HTTP
responses use OpenAI's error shape: \`{ "error": { "message", "type", "code" } }\`. The CLI prints one line
\`palisade: <code>: <message>\` and exits 2 for usage and input errors, 1 for runtime failures. Messages
never contain secrets, personal data or raw user text.

| code | HTTP status | type | meaning |
|---|--:|---|---|
${rows.join('\n')}
`;
}
