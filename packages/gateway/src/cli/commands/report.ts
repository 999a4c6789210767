import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { builtinScanners, createRegistry, GuardError } from '@palisade/guard';
import { loadPolicyFile } from '@palisade/guard/node';
import { Command } from 'commander';
import { assessControls, type ControlResult } from '../../assurance/compliance/compliance-controls.js';
import { auditFacts, type ComplianceEvidence, policyFacts } from '../../assurance/compliance/compliance-evidence.js';
import { renderComplianceHtml, renderComplianceMarkdown } from '../../assurance/compliance/render-compliance-report.js';
import type { RedteamReport } from '../../assurance/redteam/redteam-report.js';
import { verifyInstallation } from '../../assurance/verify/verify-installation.js';
import { openStorage } from '../../storage/open-storage.js';
import { installationRoot } from '../installation-root.js';
import { storageUrl } from './access-storage.js';
import { parseSince } from './audit.js';

interface ComplianceOptions {
  policy?: string[];
  auditSince?: string;
  storage?: string;
  redteam?: string;
  out: string;
  noAudit?: boolean;
}

/**
 * Gathers the evidence and assesses the controls for `palisade report compliance`.
 *
 * @example
 * const { evidence, controls } = await buildComplianceReport({ policy: ['policy.yaml'], out: 'compliance' });
 */
export async function buildComplianceReport(
  options: ComplianceOptions,
): Promise<{ evidence: ComplianceEvidence; controls: ControlResult[] }> {
  const registry = createRegistry(builtinScanners);
  const files = options.policy?.length ? options.policy : ['policy.yaml'];
  const policies = [];
  for (const file of files) policies.push(policyFacts(await loadPolicyFile(file, registry)));
  let redteam: ComplianceEvidence['redteam'];
  if (options.redteam) {
    const report = JSON.parse(readFileSync(options.redteam, 'utf8')) as RedteamReport;
    if (report.schema !== 'palisade.redteam/v1')
      throw new GuardError('invalid-input', `${options.redteam} is not a palisade red-team report`);
    redteam = {
      target: report.target,
      finishedAt: report.finishedAt,
      totals: report.totals,
      byOwasp: report.byOwasp,
      byPlugin: report.byPlugin,
    };
  }
  let audit: ComplianceEvidence['audit'];
  let reviewers = 0;
  let keys = 0;
  let keysWithLimits = 0;
  if (!options.noAudit) {
    const storage = await openStorage(storageUrl(options.storage));
    try {
      audit = await auditFacts(storage, options.auditSince ? parseSince(options.auditSince) : undefined);
      reviewers = (await storage.listUsers()).filter(
        (user) => user.roles.includes('reviewer') || user.roles.includes('admin'),
      ).length;
      const keyList = (await storage.listKeys()).filter((key) => !key.revokedAt && key.roles.includes('app'));
      keys = keyList.length;
      keysWithLimits = keyList.filter((key) =>
        Object.values(key.limits ?? {}).some((value) => typeof value === 'number' && value > 0),
      ).length;
    } finally {
      await storage.close();
    }
  }
  const root = installationRoot();
  const evidence: ComplianceEvidence = {
    generatedAt: new Date().toISOString(),
    policies,
    ...(audit ? { audit } : {}),
    ...(redteam ? { redteam } : {}),
    installation: verifyInstallation({ root, modelDirectories: [join(root, 'packages/guard/src/models')] }),
    reviewers,
    keys,
    keysWithLimits,
  };
  return { evidence, controls: assessControls(evidence) };
}

/**
 * `palisade report compliance`: maps policies, audit statistics and red-team results onto OWASP, NIST and the EU AI Act.
 *
 * @example
 * palisade report compliance --policy policy.yaml --audit-since 30d --redteam palisade-redteam.json
 */
export function reportCommand(): Command {
  const report = new Command('report').description('assurance reports');
  report
    .command('compliance')
    .description(
      'map active policies, audit statistics and red-team results onto OWASP LLM Top 10 (2025), NIST AI RMF and EU AI Act obligations',
    )
    .option('--policy <file...>', 'policy files (default: ./policy.yaml)')
    .option('--audit-since <when>', 'audit period start: ISO date or duration (30d)')
    .option('--storage <url>', 'storage holding the audit log (default: $PALISADE_STORAGE or sqlite:./palisade.db)')
    .option('--no-audit', 'do not read the audit log')
    .option('--redteam <file>', 'a palisade redteam JSON report')
    .option('--out <path>', 'report path without extension: writes .md and .html', 'palisade-compliance')
    .action(async (options: ComplianceOptions & { audit?: boolean }) => {
      const { evidence, controls } = await buildComplianceReport({ ...options, noAudit: options.audit === false });
      mkdirSync(dirname(options.out), { recursive: true });
      writeFileSync(`${options.out}.md`, renderComplianceMarkdown(evidence, controls));
      writeFileSync(`${options.out}.html`, renderComplianceHtml(evidence, controls));
      for (const status of ['covered', 'partial', 'missing'] as const) {
        process.stdout.write(
          `${status.padEnd(8)} ${controls
            .filter((control) => control.status === status)
            .map((control) => control.id)
            .join(', ')}\n`,
        );
      }
      process.stdout.write(`wrote ${options.out}.md and ${options.out}.html\n`);
    });
  return report;
}
