import type { ComplianceEvidence, PolicyFacts } from './compliance-evidence.js';

/** How well a control is met by the evidence. */
export type ControlStatus = 'covered' | 'partial' | 'missing';

/** One framework control and its assessment. */
export interface ControlResult {
  readonly framework: 'OWASP LLM Top 10 (2025)' | 'NIST AI RMF 1.0' | 'EU AI Act';
  readonly id: string;
  readonly title: string;
  readonly status: ControlStatus;
  readonly evidence: readonly string[];
}

type Stage = 'input' | 'output' | 'retrieval' | 'tool';

function enforcing(policies: readonly PolicyFacts[], stage: Stage, scanners: readonly string[]): PolicyFacts[] {
  return policies.filter(
    (policy) =>
      policy.mode === 'enforce' &&
      scanners.some((scanner) => policy.scanners[stage].includes(scanner)) &&
      policy.actions[stage].some((action) => action !== 'allow'),
  );
}

function scannerEvidence(policies: readonly PolicyFacts[], stage: Stage, scanners: readonly string[]): string[] {
  return enforcing(policies, stage, scanners).map(
    (policy) =>
      `policy ${policy.id}@${policy.version.slice(0, 8)}: ${stage} runs ${scanners.filter((scanner) => policy.scanners[stage].includes(scanner)).join(', ')} (actions: ${policy.actions[stage].join(', ')})`,
  );
}

function redteamEvidence(evidence: ComplianceEvidence, owasp: string): { line?: string; ok?: boolean } {
  const entry = evidence.redteam?.byOwasp[owasp];
  if (!entry) return {};
  return {
    line: `red team ${evidence.redteam?.finishedAt.slice(0, 10)} against ${evidence.redteam?.target}: ${owasp} attack success ${(entry.successRate * 100).toFixed(1)}% (${entry.successes}/${entry.attempts})`,
    ok: entry.successRate <= 0.05,
  };
}

function grade(parts: readonly (boolean | undefined)[]): ControlStatus {
  const known = parts.filter((part) => part !== undefined);
  if (known.length === 0 || known.every((part) => !part)) return 'missing';
  return known.every(Boolean) ? 'covered' : 'partial';
}

interface OwaspSpec {
  readonly id: string;
  readonly title: string;
  readonly checks: readonly { stage: Stage; scanners: readonly string[] }[];
}

const owaspSpecs: readonly OwaspSpec[] = [
  {
    id: 'LLM01',
    title: 'Prompt Injection',
    checks: [
      { stage: 'input', scanners: ['prompt-injection'] },
      { stage: 'retrieval', scanners: ['indirect-injection'] },
      { stage: 'tool', scanners: ['indirect-injection', 'prompt-injection'] },
    ],
  },
  {
    id: 'LLM02',
    title: 'Sensitive Information Disclosure',
    checks: [
      { stage: 'input', scanners: ['pii', 'secrets'] },
      { stage: 'output', scanners: ['pii', 'secrets'] },
    ],
  },
  {
    id: 'LLM05',
    title: 'Improper Output Handling',
    checks: [{ stage: 'output', scanners: ['exfiltration', 'urls', 'json-schema', 'code'] }],
  },
  {
    id: 'LLM06',
    title: 'Excessive Agency',
    checks: [{ stage: 'tool', scanners: ['exfiltration', 'pii', 'secrets', 'urls'] }],
  },
  { id: 'LLM07', title: 'System Prompt Leakage', checks: [{ stage: 'output', scanners: ['prompt-leak'] }] },
  {
    id: 'LLM08',
    title: 'Vector and Embedding Weaknesses',
    checks: [{ stage: 'retrieval', scanners: ['indirect-injection', 'pii', 'secrets'] }],
  },
  {
    id: 'LLM09',
    title: 'Misinformation',
    checks: [{ stage: 'output', scanners: ['groundedness', 'bias', 'toxicity'] }],
  },
];

/**
 * Assesses every control of OWASP LLM Top 10 (2025), NIST AI RMF and the EU AI Act against the evidence.
 *
 * @example
 * assessControls(evidence).filter((control) => control.status === 'missing')
 */
export function assessControls(evidence: ComplianceEvidence): ControlResult[] {
  const policies = evidence.policies;
  const results: ControlResult[] = [];
  for (const spec of owaspSpecs) {
    const lines: string[] = [];
    const parts: (boolean | undefined)[] = [];
    for (const check of spec.checks) {
      const found = scannerEvidence(policies, check.stage, check.scanners);
      lines.push(...found);
      parts.push(found.length > 0);
      if (!found.length) lines.push(`no enforcing policy runs ${check.scanners.join(' or ')} on ${check.stage}`);
    }
    if (spec.id === 'LLM06' && policies.some((policy) => policy.toolAllowLists))
      lines.push('per-tool argument domain allow-lists configured');
    if (spec.id === 'LLM08' && policies.some((policy) => policy.sourceTrust))
      lines.push('per-source trust levels configured for retrieval');
    const redteam = redteamEvidence(evidence, spec.id);
    if (redteam.line) lines.push(redteam.line);
    parts.push(redteam.ok);
    results.push({
      framework: 'OWASP LLM Top 10 (2025)',
      id: spec.id,
      title: spec.title,
      status: grade(parts),
      evidence: lines,
    });
  }
  const installation = evidence.installation;
  results.push({
    framework: 'OWASP LLM Top 10 (2025)',
    id: 'LLM03',
    title: 'Supply Chain',
    status: installation ? (installation.problems.length === 0 ? 'covered' : 'partial') : 'missing',
    evidence: installation
      ? [
          `palisade verify: ${installation.modelsChecked} model artifacts and ${installation.packagesChecked} packages checked, ${installation.problems.length} problem(s)`,
          'CycloneDX SBOM available with `palisade sbom`; unsafe model files detected by `palisade model-scan`',
        ]
      : ['installation not verified'],
  });
  results.push({
    framework: 'OWASP LLM Top 10 (2025)',
    id: 'LLM04',
    title: 'Data and Model Poisoning',
    status: installation && installation.problems.length === 0 ? 'partial' : 'missing',
    evidence: [
      'shipped models are trained in the repository and verified against sha256 manifests at load',
      '`palisade dataset scan` validates fine-tuning data (PII, secrets, injections, toxicity, duplicates, contamination); its use on your data is not recorded here',
    ],
  });
  const keyLimits = evidence.keys > 0 ? evidence.keysWithLimits / evidence.keys : 0;
  results.push({
    framework: 'OWASP LLM Top 10 (2025)',
    id: 'LLM10',
    title: 'Unbounded Consumption',
    status: evidence.keys === 0 ? 'missing' : keyLimits === 1 ? 'covered' : keyLimits > 0 ? 'partial' : 'missing',
    evidence: [
      `${evidence.keysWithLimits} of ${evidence.keys} API keys carry request/token rate limits or budgets`,
      ...(policies.some((policy) => policy.scanners.input.includes('length'))
        ? ['input length limits enforced by policy']
        : []),
    ],
  });
  const audit = evidence.audit;
  const auditLine = audit
    ? `audit log: ${audit.events} events${audit.since ? ` since ${audit.since.slice(0, 10)}` : ''} (${audit.decisions} guard decisions, ${audit.blocked} blocked, ${audit.reviewed} sent to review, ${audit.adminActions} admin actions); hash chain ${audit.chainValid ? `verified over ${audit.chainChecked} events` : `BROKEN at ${audit.firstBad}`}`
    : 'no audit log examined';
  const reviewLine = policies.some((policy) => policy.usesReview || policy.usesUncertaintyBand)
    ? `human review configured (${policies
        .filter((policy) => policy.usesReview || policy.usesUncertaintyBand)
        .map((policy) => policy.id)
        .join(
          ', ',
        )}${policies.some((policy) => policy.usesUncertaintyBand) ? ', incl. uncertainty bands' : ''}); ${evidence.reviewers} reviewer account(s)`
    : 'no policy routes decisions to human review';
  const hasReview =
    policies.some((policy) => policy.usesReview || policy.usesUncertaintyBand) && evidence.reviewers > 0;
  const hasRedteam = evidence.redteam !== undefined;
  const redteamLine = evidence.redteam
    ? `red team ${evidence.redteam.finishedAt.slice(0, 10)}: overall attack success ${(evidence.redteam.totals.successRate * 100).toFixed(1)}% over ${evidence.redteam.totals.attempts} attempts`
    : 'no red-team report supplied (--redteam)';
  const enforcingCount = policies.filter((policy) => policy.mode === 'enforce').length;
  const policyLine = `${policies.length} policy file(s), ${enforcingCount} enforcing, versioned by content hash; RBAC roles admin/operator/reviewer/auditor/app with MFA for people`;
  const nist: [string, string, ControlStatus, string[]][] = [
    [
      'GOVERN',
      'Policies, accountability and oversight processes',
      grade([policies.length > 0, audit?.chainValid]),
      [policyLine, auditLine],
    ],
    [
      'MAP',
      'Context and risks identified and categorised',
      grade([policies.length > 0]),
      [
        'risks categorised by scanner categories and the documented hazard taxonomy (docs/content-safety.md)',
        'model cards document data, splits and known limits per detector',
      ],
    ],
    [
      'MEASURE',
      'Risks analysed, tested and tracked',
      grade([hasRedteam, hasRedteam ? (evidence.redteam?.totals.successRate ?? 1) <= 0.1 : undefined]),
      [redteamLine, 'detector quality measured with source-held-out evaluations (model cards) and `palisade eval`'],
    ],
    [
      'MANAGE',
      'Risks prioritised, responded to and monitored',
      grade([enforcingCount > 0, hasReview, audit !== undefined]),
      [reviewLine, 'kill switch and key quarantine for incident response; anomaly alerts', auditLine],
    ],
  ];
  for (const [id, title, status, lines] of nist)
    results.push({ framework: 'NIST AI RMF 1.0', id, title, status, evidence: lines });
  const euAct: [string, string, ControlStatus, string[]][] = [
    ['Art. 9', 'Risk management system', grade([enforcingCount > 0, hasRedteam]), [policyLine, redteamLine]],
    [
      'Art. 10',
      'Data and data governance',
      installation ? 'partial' : 'missing',
      [
        '`palisade dataset scan` and `dataset augment --counterfactual` support data governance; runs are not tracked in this report',
      ],
    ],
    [
      'Art. 12',
      'Record-keeping (automatic logging)',
      audit ? (audit.chainValid && audit.events > 0 ? 'covered' : 'partial') : 'missing',
      [auditLine],
    ],
    [
      'Art. 13',
      'Transparency and information to deployers',
      'partial',
      [
        'model cards (MODEL_CARD.md) for every shipped detector; decisions carry categories, scores and reasons; end-user disclosure is the deployer’s responsibility',
      ],
    ],
    [
      'Art. 14',
      'Human oversight',
      hasReview ? 'covered' : policies.some((policy) => policy.usesReview) ? 'partial' : 'missing',
      [reviewLine],
    ],
    [
      'Art. 15',
      'Accuracy, robustness and cybersecurity',
      grade([
        enforcingCount > 0,
        hasRedteam ? (evidence.redteam?.totals.successRate ?? 1) <= 0.1 : undefined,
        installation ? installation.problems.length === 0 : undefined,
      ]),
      [
        redteamLine,
        installation
          ? `supply chain verified (${installation.problems.length} problem(s))`
          : 'installation not verified',
      ],
    ],
  ];
  for (const [id, title, status, lines] of euAct)
    results.push({ framework: 'EU AI Act', id, title, status, evidence: lines });
  return results;
}
