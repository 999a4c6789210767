import { renderHtmlReport } from '../../html-report/render-html-report.js';
import type { ControlResult } from './compliance-controls.js';
import type { ComplianceEvidence } from './compliance-evidence.js';

const icons = { covered: '✅ covered', partial: '⚠️ partial', missing: '❌ missing' } as const;

/**
 * The compliance report as Markdown.
 *
 * @example
 * writeFileSync('compliance.md', renderComplianceMarkdown(evidence, controls));
 */
export function renderComplianceMarkdown(evidence: ComplianceEvidence, controls: readonly ControlResult[]): string {
  const frameworks = [...new Set(controls.map((control) => control.framework))];
  const summary = frameworks.map((framework) => {
    const list = controls.filter((control) => control.framework === framework);
    return `| ${framework} | ${list.filter((control) => control.status === 'covered').length} | ${list.filter((control) => control.status === 'partial').length} | ${list.filter((control) => control.status === 'missing').length} |`;
  });
  const sections = frameworks.map((framework) => {
    const rows = controls
      .filter((control) => control.framework === framework)
      .map(
        (control) =>
          `| ${control.id} | ${control.title} | ${icons[control.status]} | ${control.evidence.map((line) => line.replace(/\|/g, '\\|')).join('<br>')} |`,
      );
    return `## ${framework}\n\n| control | title | status | evidence |\n|---|---|---|---|\n${rows.join('\n')}\n`;
  });
  return `# Palisade compliance report

Generated ${evidence.generatedAt}. Statuses are derived from the active policies, the audit log, the
latest red-team report and the installation check; "covered" means the evidence below supports the
control, not a legal conformity assessment.

| framework | covered | partial | missing |
|---|--:|--:|--:|
${summary.join('\n')}

${sections.join('\n')}`;
}

/**
 * The compliance report as a self-contained HTML page.
 *
 * @example
 * writeFileSync('compliance.html', renderComplianceHtml(evidence, controls));
 */
export function renderComplianceHtml(evidence: ComplianceEvidence, controls: readonly ControlResult[]): string {
  const frameworks = [...new Set(controls.map((control) => control.framework))];
  return renderHtmlReport({
    title: 'Palisade compliance report',
    subtitle: `${evidence.policies.length} policies${evidence.redteam ? ' · red-team report included' : ''}`,
    generatedAt: new Date(evidence.generatedAt),
    figures: (['covered', 'partial', 'missing'] as const).map((status) => ({
      label: `controls ${status}`,
      value: String(controls.filter((control) => control.status === status).length),
      tone: status === 'covered' ? 'good' : status === 'missing' ? 'bad' : 'neutral',
    })),
    sections: [
      {
        title: 'Coverage by framework',
        chart: {
          type: 'bar',
          stacked: true,
          labels: frameworks,
          datasets: (['covered', 'partial', 'missing'] as const).map((status) => ({
            label: status,
            data: frameworks.map(
              (framework) =>
                controls.filter((control) => control.framework === framework && control.status === status).length,
            ),
          })),
        },
      },
      ...frameworks.map((framework) => ({
        title: framework,
        table: {
          headers: ['control', 'title', 'status', 'evidence'],
          rows: controls
            .filter((control) => control.framework === framework)
            .map((control) => [control.id, control.title, icons[control.status], control.evidence.join(' · ')]),
        },
      })),
    ],
  });
}
