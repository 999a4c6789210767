import type { Policy } from '@palisade/guard';
import { iterateAudit } from '../../audit/iterate-audit.js';
import { verifyAuditChain } from '../../audit/verify-audit-chain.js';
import type { Storage } from '../../storage/storage.js';
import type { RedteamReport } from '../redteam/redteam-report.js';
import type { VerificationReport } from '../verify/verify-installation.js';

/** Facts about one policy that the controls look at. */
export interface PolicyFacts {
  readonly id: string;
  readonly version: string;
  readonly mode: string;
  /** Scanner ids per stage. */
  readonly scanners: Readonly<Record<'input' | 'output' | 'retrieval' | 'tool', readonly string[]>>;
  /** Actions the rules can take, per stage. */
  readonly actions: Readonly<Record<'input' | 'output' | 'retrieval' | 'tool', readonly string[]>>;
  readonly usesReview: boolean;
  readonly usesUncertaintyBand: boolean;
  readonly toolAllowLists: boolean;
  readonly sourceTrust: boolean;
}

/** What the audit log says about the period. */
export interface AuditFacts {
  readonly since?: string;
  readonly events: number;
  readonly decisions: number;
  readonly byAction: Readonly<Record<string, number>>;
  readonly blocked: number;
  readonly reviewed: number;
  readonly adminActions: number;
  readonly chainValid: boolean;
  readonly chainChecked: number;
  readonly firstBad?: string;
}

/** All evidence a compliance report is built from. */
export interface ComplianceEvidence {
  readonly generatedAt: string;
  readonly policies: readonly PolicyFacts[];
  readonly audit?: AuditFacts;
  readonly redteam?: Pick<RedteamReport, 'target' | 'finishedAt' | 'totals' | 'byOwasp' | 'byPlugin'>;
  readonly installation?: VerificationReport;
  readonly reviewers: number;
  readonly keysWithLimits: number;
  readonly keys: number;
}

const stageNames = ['input', 'output', 'retrieval', 'tool'] as const;

/**
 * Extracts the facts the controls need from a loaded policy.
 *
 * @example
 * policyFacts(policy).scanners.input // ['prompt-injection', 'pii', …]
 */
export function policyFacts(policy: Policy): PolicyFacts {
  const scanners = {} as Record<(typeof stageNames)[number], string[]>;
  const actions = {} as Record<(typeof stageNames)[number], string[]>;
  let usesReview = false;
  let usesUncertaintyBand = false;
  for (const stage of stageNames) {
    const section = policy[stage] as
      | {
          scanners?: readonly { use: string }[];
          rules?: readonly { action: string; when?: { scoreBetween?: unknown } }[];
          defaultAction?: string;
        }
      | undefined;
    scanners[stage] = [...new Set((section?.scanners ?? []).map((entry) => entry.use))];
    actions[stage] = [
      ...new Set([
        ...(section?.rules ?? []).map((rule) => rule.action),
        ...(section?.defaultAction ? [section.defaultAction] : []),
      ]),
    ];
    if (actions[stage].includes('review')) usesReview = true;
    if ((section?.rules ?? []).some((rule) => rule.when?.scoreBetween !== undefined)) usesUncertaintyBand = true;
  }
  const tool = policy.tool as { tools?: unknown } | undefined;
  const retrieval = policy.retrieval as { sources?: unknown } | undefined;
  return {
    id: policy.id,
    version: policy.policyVersion,
    mode: policy.mode,
    scanners,
    actions,
    usesReview,
    usesUncertaintyBand,
    toolAllowLists: Boolean(tool?.tools && Object.keys(tool.tools as object).length),
    sourceTrust: Boolean(retrieval?.sources && Object.keys(retrieval.sources as object).length),
  };
}

/**
 * Reads audit statistics for the period and verifies the whole hash chain.
 *
 * @example
 * const audit = await auditFacts(storage, '2026-01-01T00:00:00Z');
 */
export async function auditFacts(storage: Storage, since?: string): Promise<AuditFacts> {
  const byAction: Record<string, number> = {};
  let events = 0;
  let decisions = 0;
  let adminActions = 0;
  for await (const event of iterateAudit(storage, since ? { since } : {})) {
    events += 1;
    if (event.decision) {
      decisions += 1;
      byAction[event.decision] = (byAction[event.decision] ?? 0) + 1;
    } else if (!event.action.startsWith('guard.')) adminActions += 1;
  }
  const chain = await verifyAuditChain(iterateAudit(storage));
  return {
    ...(since ? { since } : {}),
    events,
    decisions,
    byAction,
    blocked: byAction.block ?? 0,
    reviewed: byAction.review ?? 0,
    adminActions,
    chainValid: chain.valid,
    chainChecked: chain.checked,
    ...(chain.firstBad ? { firstBad: `#${chain.firstBad.seq} (${chain.firstBad.problem})` } : {}),
  };
}
