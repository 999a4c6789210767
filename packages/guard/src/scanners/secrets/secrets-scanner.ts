import { z } from 'zod';
import { defineScanner } from '../../scanner/define-scanner.js';
import type { Finding, Severity } from '../../scanner/types.js';
import { findAssignmentSecrets, isPlaceholderSecret } from './assignment-secrets.js';
import { findHighEntropySecrets } from './entropy.js';
import { type SecretCandidate, secretRules } from './secret-rules.js';

/** Every secret kind the scanner can report (the category is `secrets.<kind>`). */
export const secretKinds = [
  ...secretRules.map((rule) => rule.kind),
  'private-key',
  'password-assignment',
  'secret-assignment',
  'generic-high-entropy',
] as const;

/** Configuration of the `secrets` scanner. */
export const SecretsConfig = z
  .object({
    /** Kinds to report; default all. */
    kinds: z.array(z.string().min(1)).optional(),
    /** Kinds never reported. */
    exclude: z.array(z.string().min(1)).default([]),
    /** Report generic high-entropy strings next to credential words. */
    entropy: z.boolean().default(true),
    /** Minimum Shannon entropy (bits/char) for generic keys. */
    minimumEntropy: z.number().min(2).max(6).default(3.5),
    /** Exact values never reported (test fixtures, published sample keys). */
    allow: z.array(z.string().min(1)).max(1000).default([]),
  })
  .strict();
export type SecretsConfig = z.input<typeof SecretsConfig>;

/**
 * PEM and OpenSSH private-key blocks, each reported as one span from BEGIN to END (or to the end
 * of the base64 body when the END line was cut off). Uses indexOf, so it is linear.
 */
export function findPrivateKeyBlocks(text: string): SecretCandidate[] {
  const candidates: SecretCandidate[] = [];
  let from = 0;
  for (;;) {
    const begin = text.indexOf('-----BEGIN ', from);
    if (begin === -1) break;
    const headerEnd = text.indexOf('-----', begin + 11);
    if (headerEnd === -1) break;
    const label = text.slice(begin + 11, headerEnd);
    from = headerEnd + 5;
    if (label.length > 40 || !/PRIVATE KEY/.test(label)) continue;
    const endMarker = `-----END ${label}-----`;
    const endIndex = text.indexOf(endMarker, from);
    let end: number;
    if (endIndex !== -1) end = endIndex + endMarker.length;
    else {
      const body = /^[\sA-Za-z0-9+/=:,-]*/.exec(text.slice(from))?.[0] ?? '';
      end = from + body.trimEnd().length;
    }
    candidates.push({ kind: 'private-key', start: begin, end, severity: 'critical', score: 0.99 });
    from = end;
  }
  return candidates;
}

/**
 * Finds all secret candidates in a text, overlaps resolved (higher score, then longer span).
 *
 * @example
 * findSecrets('token: ghp_16C7e42F292c6912E7710c838347Ae178B4a', SecretsConfig.parse({}));
 */
export function findSecrets(text: string, config: z.output<typeof SecretsConfig>): SecretCandidate[] {
  const all: SecretCandidate[] = [];
  for (const rule of secretRules) {
    const hints = typeof rule.hint === 'string' ? [rule.hint] : rule.hint;
    if (!hints.some((hint) => text.includes(hint))) continue;
    rule.pattern.lastIndex = 0;
    for (let match = rule.pattern.exec(text); match !== null; match = rule.pattern.exec(text)) {
      const value = match[1] ?? match[0];
      const start = match[1] === undefined ? match.index : match.index + match[0].lastIndexOf(value);
      if (rule.validate && !rule.validate(value)) continue;
      if (match[1] !== undefined && isPlaceholderSecret(value)) continue;
      all.push({ kind: rule.kind, start, end: start + value.length, severity: rule.severity, score: rule.score });
    }
  }
  all.push(...findPrivateKeyBlocks(text), ...findAssignmentSecrets(text));
  if (config.entropy) all.push(...findHighEntropySecrets(text, config.minimumEntropy));
  const allowed = new Set(config.allow);
  const enabled = (kind: string) =>
    (config.kinds === undefined || config.kinds.includes(kind)) && !config.exclude.includes(kind);
  const ordered = all
    .filter((candidate) => enabled(candidate.kind) && !allowed.has(text.slice(candidate.start, candidate.end)))
    .sort(
      (left, right) =>
        right.score - left.score || right.end - right.start - (left.end - left.start) || left.start - right.start,
    );
  const kept: SecretCandidate[] = [];
  for (const candidate of ordered) {
    if (kept.some((other) => candidate.start < other.end && other.start < candidate.end)) continue;
    kept.push(candidate);
  }
  return kept.sort((left, right) => left.start - right.start);
}

function toFinding(candidate: SecretCandidate): Finding {
  return {
    scanner: 'secrets',
    category: `secrets.${candidate.kind}`,
    severity: candidate.severity as Severity,
    score: candidate.score,
    span: { start: candidate.start, end: candidate.end },
    entity: 'SECRET',
    message: `${candidate.kind} detected (value withheld)`,
    metadata: { kind: candidate.kind },
  };
}

/**
 * The `secrets` scanner: provider tokens (AWS, GitHub, GitLab, Slack, Stripe, Google, Twilio,
 * SendGrid, npm, PyPI, OpenAI, Anthropic), JWTs, private-key blocks, passwords in connection
 * strings and in .env/YAML/JSON/shell assignments, and generic high-entropy keys.
 *
 * @example
 * const scanner = secretsScanner.create(secretsScanner.configSchema.parse({}));
 * scanner.scan(context).findings[0]?.category; // 'secrets.github-token'
 */
export const secretsScanner = defineScanner<SecretsConfig>({
  id: 'secrets',
  description: 'API keys, tokens, private keys and passwords, with the exact span of each secret value',
  stages: ['input', 'output', 'retrieval', 'tool'],
  engine: 'pattern',
  configSchema: SecretsConfig as z.ZodType<SecretsConfig>,
  create(input) {
    const config = SecretsConfig.parse(input);
    return {
      scan(context) {
        const findings = findSecrets(context.text, config).map(toFinding);
        return { findings, score: findings.reduce((highest, finding) => Math.max(highest, finding.score ?? 0), 0) };
      },
    };
  },
});
