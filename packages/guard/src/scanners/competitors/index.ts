import { z } from 'zod';
import { GuardError } from '../../errors.js';
import { defineScanner } from '../../scanner/define-scanner.js';
import type { Finding } from '../../scanner/types.js';
import { findAll } from '../../text/find-all.js';
import { normalizeForMatching } from '../../text/normalize-for-matching.js';

const Competitor = z.union([
  z.string().trim().min(1),
  z
    .object({
      name: z.string().trim().min(1),
      aliases: z.array(z.string().trim().min(1)).default([]),
    })
    .strict(),
]);

/** Configuration of the `competitors` scanner. */
export const CompetitorsConfig = z
  .object({
    /** Competitor names, or `{ name, aliases }`. Matched whole-word and case-insensitively. */
    competitors: z.array(Competitor).min(1),
    /** Entity of the findings, i.e. the redaction placeholder (`<COMPETITOR_1>`) when a rule redacts. */
    entity: z
      .string()
      .regex(/^[A-Z][A-Z0-9_]*$/)
      .default('COMPETITOR'),
    /** Severity of a mention. */
    severity: z.enum(['low', 'medium', 'high', 'critical']).default('low'),
  })
  .strict();

/** Validated `competitors` configuration. */
export type CompetitorsConfig = z.infer<typeof CompetitorsConfig>;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Compiles the names into one alternation with Unicode word boundaries (longest name first). */
function compileNames(config: CompetitorsConfig): { pattern: RegExp; canonical: Map<string, string> } {
  const canonical = new Map<string, string>();
  for (const competitor of config.competitors) {
    const name = typeof competitor === 'string' ? competitor : competitor.name;
    const aliases = typeof competitor === 'string' ? [] : competitor.aliases;
    for (const surface of [name, ...aliases]) {
      const normalized = normalizeForMatching(surface).replace(/\s+/g, ' ').trim();
      if (normalized === '') continue;
      if (!canonical.has(normalized)) canonical.set(normalized, name);
    }
  }
  if (canonical.size === 0) {
    throw new GuardError('scanner-config-invalid', 'competitors: no usable competitor name after normalisation.');
  }
  const alternatives = [...canonical.keys()]
    .sort((left, right) => right.length - left.length)
    .map((name) => name.split(' ').map(escapeRegExp).join('[\\s\\-_]+'));
  // Literal alternatives between look-arounds: no nested quantifiers, linear per start position.
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}_])`, 'giu');
  return { pattern, canonical };
}

/**
 * Mentions of competitors (names and aliases from the policy), whole-word and case-insensitive,
 * also through homoglyphs, accents and zero-width characters. Each finding carries the configured
 * `entity`, so a policy rule can redact it (`<COMPETITOR_1>`) or block the message.
 *
 * @example
 * const scanner = await competitorsScanner.create(CompetitorsConfig.parse({ competitors: [{ name: 'Acme', aliases: ['Acme Corp'] }] }));
 * scanner.scan(context).findings[0]?.span // where "ACME corp" is in the text
 */
export const competitorsScanner = defineScanner<CompetitorsConfig>({
  id: 'competitors',
  description: 'Mentions of competitor names and aliases from the policy (redact or block).',
  stages: ['input', 'output', 'retrieval', 'tool'],
  engine: 'pattern',
  configSchema: CompetitorsConfig,
  create(config) {
    const { pattern, canonical } = compileNames(config);
    return {
      scan(context) {
        const views = context.views();
        const kind = views.some((view) => view.kind === 'normalized') ? 'normalized' : 'original';
        const matches = findAll(views, pattern, { kinds: [kind] });
        const findings: Finding[] = matches.map((match) => {
          const name = canonical.get(normalizeForMatching(match.match).replace(/[\s\-_]+/g, ' ')) ?? 'competitor';
          return {
            scanner: 'competitors',
            category: 'competitors.mention',
            severity: config.severity,
            score: 1,
            span: match.span,
            entity: config.entity,
            message: 'Mention of a competitor.',
            metadata: { competitor: name },
          };
        });
        return { findings, score: findings.length > 0 ? 1 : 0 };
      },
    };
  },
});
