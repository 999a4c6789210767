import type { Action, Finding } from '@palisade/guard';
import type { GatewayCheckRequest, GatewayDecision, GatewayGuard } from '../gateway-dependencies.js';

/** Options for {@link createFakeGuard}. */
export interface FakeGuardOptions {
  readonly policyId?: string;
  /** Shadow mode: decisions are recorded but `effective` is always `allow`. */
  readonly shadow?: boolean;
  /** Adds a fixed delay per check (ms), for timing-insensitive concurrency tests. */
  readonly delayMs?: number;
}

const injection = /ignore (?:all )?previous instructions/i;
const secret = /SECRET-[A-Z0-9]{4,}/;
// Bounded local part and labels keep the scan linear in the text length.
const email = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}/g;
const dangerousTool = /rm -rf/;
const reviewMarker = /REVIEW-ME/;

/**
 * A small deterministic guard for gateway tests and benchmarks (no models): injection phrases block
 * on input (and drop retrieved documents), `SECRET-…` tokens block everywhere, e-mails are redacted
 * reversibly as `<EMAIL_n>`, `rm -rf` in tool calls blocks, `REVIEW-ME` asks for review.
 *
 * @example
 * const app = createGateway(config, { guards: createFakeGuard(), router });
 */
export function createFakeGuard(
  options: FakeGuardOptions = {},
): GatewayGuard & { readonly checks: GatewayCheckRequest[] } {
  const vaults = new Map<string, Map<string, string>>();
  const checks: GatewayCheckRequest[] = [];
  const decide = (action: Action, findings: Finding[], text?: string): GatewayDecision => ({
    action,
    effective: options.shadow === true ? 'allow' : action,
    mode: options.shadow === true ? 'shadow' : 'enforce',
    findings,
    policyId: options.policyId ?? 'fake',
    policyVersion: 1,
    latencyMs: 0,
    timings: { fake: 0.01 },
    ...(text === undefined ? {} : { text }),
    ...(action === 'block' || action === 'review'
      ? { reason: findings.map((finding) => finding.category).join(', ') }
      : {}),
  });
  return {
    checks,
    async check(request) {
      checks.push(request);
      if (options.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      const { text, stage } = request;
      const secretMatch = secret.exec(text);
      if (secretMatch !== null) {
        return decide('block', [
          {
            scanner: 'secrets',
            category: 'secret.token',
            severity: 'critical',
            span: { start: secretMatch.index, end: secretMatch.index + secretMatch[0].length },
            message: 'a secret token',
          },
        ]);
      }
      if ((stage === 'input' || stage === 'retrieval' || stage === 'tool') && injection.test(text)) {
        const finding: Finding = {
          scanner: 'prompt-injection',
          category: 'injection.override',
          severity: 'high',
          score: 0.99,
          message: 'instruction override',
        };
        return decide(stage === 'retrieval' ? 'drop' : 'block', [finding]);
      }
      if (stage === 'tool' && dangerousTool.test(text)) {
        return decide('block', [
          { scanner: 'tool-guard', category: 'tool.dangerous', severity: 'high', message: 'destructive command' },
        ]);
      }
      if (reviewMarker.test(text)) {
        return decide('review', [
          { scanner: 'review-marker', category: 'review.requested', severity: 'medium', message: 'needs a human' },
        ]);
      }
      if ((stage === 'input' || stage === 'retrieval') && text.includes('@')) {
        const conversation = request.conversationId ?? 'default';
        const vault = vaults.get(conversation) ?? new Map<string, string>();
        vaults.set(conversation, vault);
        const findings: Finding[] = [];
        const redacted = text.replace(email, (match, offset: number) => {
          let placeholder = [...vault.entries()].find(([, value]) => value === match)?.[0];
          if (placeholder === undefined) {
            placeholder = `<EMAIL_${vault.size + 1}>`;
            vault.set(placeholder, match);
          }
          findings.push({
            scanner: 'pii',
            category: 'pii.email',
            severity: 'medium',
            entity: 'EMAIL',
            span: { start: offset, end: offset + match.length },
            replacement: placeholder,
            message: 'an e-mail address',
          });
          return placeholder;
        });
        if (findings.length > 0) return decide('redact', findings, redacted);
      }
      return decide('allow', []);
    },
    restore(text, conversationId) {
      const vault = vaults.get(conversationId);
      if (vault === undefined) return text;
      return text.replace(/<EMAIL_\d+>/g, (placeholder) => vault.get(placeholder) ?? placeholder);
    },
  };
}
