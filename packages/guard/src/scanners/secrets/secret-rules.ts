import type { Severity } from '../../scanner/types.js';

/** A secret candidate: the span of the secret value itself (never the key name around it). */
export interface SecretCandidate {
  readonly kind: string;
  readonly start: number;
  readonly end: number;
  readonly severity: Severity;
  readonly score: number;
}

/** One provider rule: a regex (group 1, when present, is the secret) and an optional check. */
export interface SecretRule {
  readonly kind: string;
  readonly severity: Severity;
  readonly score: number;
  /** Global, linear-time: bounded repetitions, lookbehind anchors at the start. */
  readonly pattern: RegExp;
  /** Cheap substring test that must be present for the regex to run. */
  readonly hint: string | readonly string[];
  readonly validate?: (value: string) => boolean;
}

function isJwt(value: string): boolean {
  const [header] = value.split('.');
  if (!header) return false;
  try {
    const json = atob(
      header
        .replace(/-/g, '+')
        .replace(/_/g, '/')
        .padEnd(Math.ceil(header.length / 4) * 4, '='),
    );
    return /"alg"\s*:/.test(json);
  } catch {
    return false;
  }
}

/** Provider-specific token formats, most specific first. */
export const secretRules: readonly SecretRule[] = [
  {
    kind: 'aws-access-key-id',
    severity: 'high',
    score: 0.95,
    hint: ['AKIA', 'ASIA', 'ABIA', 'ACCA', 'A3T'],
    pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}(?![A-Za-z0-9])/g,
    validate: (value) => !/(?:EXAMPLE|XXXX)/.test(value),
  },
  {
    kind: 'aws-secret-access-key',
    severity: 'critical',
    score: 0.95,
    hint: ['aws', 'AWS'],
    pattern:
      /(?<![A-Za-z0-9_])(?:aws_?secret_?access_?key|aws_?secret_?key|secretaccesskey|aws_secret)["']?\s{0,4}(?::|=|:=|=>)\s{0,4}["']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi,
    validate: (value) => !/EXAMPLEKEY|XXXXX/i.test(value),
  },
  {
    kind: 'github-token',
    severity: 'critical',
    score: 0.97,
    hint: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'],
    pattern: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,255})(?![A-Za-z0-9_])/g,
  },
  {
    kind: 'gitlab-token',
    severity: 'critical',
    score: 0.97,
    hint: ['glpat-', 'gldt-', 'glrt-', 'glptt-', 'glcbt-', 'gloas-'],
    pattern: /(?<![A-Za-z0-9_-])(?:glpat|gldt|glrt|glptt|glcbt|gloas)-[A-Za-z0-9_-]{20,64}(?![A-Za-z0-9_-])/g,
  },
  {
    kind: 'slack-token',
    severity: 'critical',
    score: 0.96,
    hint: 'xox',
    pattern: /(?<![A-Za-z0-9-])xox[abposre]-(?:\d{1,20}-)?[A-Za-z0-9-]{10,250}(?![A-Za-z0-9-])/g,
  },
  {
    kind: 'slack-webhook',
    severity: 'high',
    score: 0.95,
    hint: 'hooks.slack.com',
    pattern:
      /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9]{8,12}\/[A-Za-z0-9]{8,12}\/[A-Za-z0-9]{16,32}/g,
  },
  {
    kind: 'stripe-key',
    severity: 'critical',
    score: 0.96,
    hint: ['sk_', 'rk_', 'whsec_'],
    pattern:
      /(?<![A-Za-z0-9_])(?:(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,247}|whsec_[A-Za-z0-9]{32,64})(?![A-Za-z0-9_])/g,
  },
  {
    kind: 'google-api-key',
    severity: 'high',
    score: 0.95,
    hint: 'AIza',
    pattern: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g,
  },
  {
    kind: 'google-oauth-secret',
    severity: 'critical',
    score: 0.95,
    hint: 'GOCSPX-',
    pattern: /(?<![A-Za-z0-9_-])GOCSPX-[A-Za-z0-9_-]{28}(?![A-Za-z0-9_-])/g,
  },
  {
    kind: 'twilio-api-key',
    severity: 'high',
    score: 0.85,
    hint: 'SK',
    pattern: /(?<![A-Za-z0-9])SK[0-9a-f]{32}(?![A-Za-z0-9])/g,
  },
  {
    kind: 'twilio-auth-token',
    severity: 'critical',
    score: 0.9,
    hint: ['twilio', 'TWILIO'],
    pattern: /(?<![A-Za-z0-9_])twilio_?auth_?token["']?\s{0,4}(?::|=|:=|=>)\s{0,4}["']?([0-9a-f]{32})(?![A-Za-z0-9])/gi,
  },
  {
    kind: 'sendgrid-key',
    severity: 'critical',
    score: 0.97,
    hint: 'SG.',
    pattern: /(?<![A-Za-z0-9_-])SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g,
  },
  {
    kind: 'npm-token',
    severity: 'critical',
    score: 0.96,
    hint: 'npm_',
    pattern: /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/g,
  },
  {
    kind: 'pypi-token',
    severity: 'critical',
    score: 0.97,
    hint: 'pypi-',
    pattern: /(?<![A-Za-z0-9_-])pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,400}(?![A-Za-z0-9_-])/g,
  },
  {
    kind: 'anthropic-key',
    severity: 'critical',
    score: 0.97,
    hint: 'sk-ant-',
    pattern: /(?<![A-Za-z0-9_-])sk-ant-(?:api|admin|oat|sid)\d{2}-[A-Za-z0-9_-]{32,200}(?![A-Za-z0-9_-])/g,
  },
  {
    kind: 'openai-key',
    severity: 'critical',
    score: 0.95,
    hint: 'sk-',
    pattern: /(?<![A-Za-z0-9_-])sk-(?!ant-)(?:(?:proj|svcacct|admin|None)-)?[A-Za-z0-9_-]{20,200}(?![A-Za-z0-9_-])/g,
    // Needs letters and digits (not "sk-learn-style-identifiers").
    validate: (value) => /\d/.test(value) && /[A-Z]/.test(value) && /[a-z]/.test(value.slice(3)),
  },
  {
    kind: 'jwt',
    severity: 'high',
    score: 0.9,
    hint: 'eyJ',
    pattern:
      /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,2000}\.eyJ[A-Za-z0-9_-]{8,4000}\.[A-Za-z0-9_-]{16,1000}(?![A-Za-z0-9_-])/g,
    validate: isJwt,
  },
  {
    kind: 'bearer-token',
    severity: 'high',
    score: 0.85,
    hint: ['Bearer', 'bearer'],
    pattern: /(?<![A-Za-z])[Bb]earer\s{1,4}([A-Za-z0-9._~+/-]{20,2000}=*)(?![A-Za-z0-9._~+/=-])/g,
  },
  {
    kind: 'connection-string-password',
    severity: 'critical',
    score: 0.9,
    hint: '://',
    pattern: /(?<![A-Za-z0-9+.-])[a-zA-Z][a-zA-Z0-9+.-]{1,30}:\/\/[^\s:/@'"]{1,128}:([^\s@/'"]{1,256})@[^\s/'"]/g,
  },
];
