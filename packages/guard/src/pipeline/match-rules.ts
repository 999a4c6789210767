import type { Rule } from '../policy/policy-schema.js';
import type { Action, Finding, Severity } from '../scanner/types.js';
import { actionPrecedence, severities } from '../scanner/types.js';

/**
 * Glob match with `*` as "any characters" (no regex built from user input, so always linear).
 *
 * @example
 * globMatch('pii.*', 'pii.email'); // true
 */
export function globMatch(pattern: string, value: string): boolean {
  const parts = pattern.split('*');
  if (parts.length === 1) return pattern === value;
  const first = parts[0] as string;
  const last = parts[parts.length - 1] as string;
  if (!value.startsWith(first) || value.length < first.length + last.length || !value.endsWith(last)) return false;
  let cursor = first.length;
  const limit = value.length - last.length;
  for (const middle of parts.slice(1, -1)) {
    const found = value.indexOf(middle, cursor);
    if (found < 0 || found + middle.length > limit) return false;
    cursor = found + middle.length;
  }
  return true;
}

/** The stronger of two actions (block > review > drop > redact > allow). */
export function strongerAction(left: Action, right: Action): Action {
  return actionPrecedence.indexOf(left) >= actionPrecedence.indexOf(right) ? left : right;
}

/** True when `severity` is at least `minimum`. */
export function severityAtLeast(severity: Severity, minimum: Severity): boolean {
  return severities.indexOf(severity) >= severities.indexOf(minimum);
}

/**
 * The action for one finding: the first finding rule (no `scoreBetween`) that matches, else `fallback`.
 * Findings without a score count as certain (score 1).
 *
 * @example
 * actionForFinding(finding, policy.input.rules, 'block');
 */
export function actionForFinding(
  finding: Finding,
  rules: readonly Rule[],
  fallback: Action,
): { action: Action; rule?: Rule } {
  for (const rule of rules) {
    const when = rule.when;
    if (when.scoreBetween !== undefined) continue;
    if (when.scanner !== undefined && !globMatch(when.scanner, finding.scanner)) continue;
    if (when.category !== undefined && !globMatch(when.category, finding.category)) continue;
    if (when.entity !== undefined && (finding.entity === undefined || !globMatch(when.entity, finding.entity)))
      continue;
    if (when.minSeverity !== undefined && !severityAtLeast(finding.severity, when.minSeverity)) continue;
    if (when.minScore !== undefined && (finding.score ?? 1) < when.minScore) continue;
    return { action: rule.action, rule };
  }
  return { action: fallback };
}

/**
 * Uncertainty-band rules: the rules whose `scoreBetween: [low, high)` contains the scanner's raw score.
 *
 * @example
 * bandRulesFor('prompt-injection', 0.55, rules); // → [{ when: { scanner, scoreBetween: [0.4, 0.7] }, action: 'review' }]
 */
export function bandRulesFor(scanner: string, score: number, rules: readonly Rule[]): Rule[] {
  return rules.filter((rule) => {
    const band = rule.when.scoreBetween;
    if (band === undefined || rule.when.scanner === undefined) return false;
    return globMatch(rule.when.scanner, scanner) && score >= band[0] && score < band[1];
  });
}
