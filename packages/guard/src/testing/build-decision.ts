import type { Decision } from '../pipeline/decision.js';
import type { Finding } from '../scanner/types.js';

/**
 * A finding with sensible defaults for tests.
 *
 * @example
 * buildFinding({ scanner: 'pii', category: 'pii.email', span: { start: 0, end: 5 } });
 */
export function buildFinding(overrides: Partial<Finding> = {}): Finding {
  return {
    scanner: 'test',
    category: 'test.finding',
    severity: 'high',
    message: 'test finding',
    ...overrides,
  };
}

/**
 * A decision with sensible defaults for tests (allow, enforce, input stage); `effective` follows
 * `action` and `mode` unless given; `score`/`scores` follow the findings unless given.
 *
 * @example
 * buildDecision({ action: 'block', findings: [buildFinding()] });
 */
export function buildDecision(overrides: Partial<Decision> = {}): Decision {
  const action = overrides.action ?? 'allow';
  const mode = overrides.mode ?? 'enforce';
  const findings = overrides.findings ?? [];
  const scores: Record<string, number> = {};
  for (const finding of findings) scores[finding.scanner] = Math.max(scores[finding.scanner] ?? 0, finding.score ?? 1);
  const computedScores = overrides.scores ?? scores;
  let score = 0;
  for (const value of Object.values(computedScores)) score = Math.max(score, value);
  return {
    action,
    effective: mode === 'shadow' ? 'allow' : action,
    mode,
    stage: 'input',
    score,
    scores: computedScores,
    findings,
    errors: [],
    latencyMs: {},
    totalLatencyMs: 0,
    policyId: 'test',
    policyVersion: 'test',
    ...(action === 'allow' || action === 'redact' ? {} : { reason: `${action} by test` }),
    ...overrides,
  };
}

/** A blocking decision with the given findings. */
export function blockDecision(
  findings: readonly Finding[] = [buildFinding()],
  overrides: Partial<Decision> = {},
): Decision {
  return buildDecision({ action: 'block', findings, ...overrides });
}

/** An allowing decision without findings. */
export function allowDecision(overrides: Partial<Decision> = {}): Decision {
  return buildDecision({ action: 'allow', ...overrides });
}
