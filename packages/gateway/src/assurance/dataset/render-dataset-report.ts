import { renderHtmlReport } from '../../html-report/render-html-report.js';
import type { DatasetReport } from './scan-dataset.js';

/**
 * The dataset scan as a self-contained HTML page.
 *
 * @example
 * writeFileSync('report.html', renderDatasetReport(report));
 */
export function renderDatasetReport(report: DatasetReport): string {
  const categories = Object.entries(report.findings.byCategory).sort((a, b) => b[1] - a[1]);
  const languages = Object.entries(report.statistics.languages)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 15);
  return renderHtmlReport({
    title: 'Palisade dataset scan',
    subtitle: `${report.file} · ${report.format}`,
    figures: [
      { label: 'rows', value: String(report.rows) },
      {
        label: 'rows with schema errors',
        value: String(report.rowsWithErrors),
        tone: report.rowsWithErrors ? 'bad' : 'good',
      },
      {
        label: 'rows flagged by scanners',
        value: String(report.findings.flaggedRows),
        tone: report.findings.flaggedRows ? 'bad' : 'good',
      },
      {
        label: 'rows with PII',
        value: String(report.findings.piiRows),
        tone: report.findings.piiRows ? 'bad' : 'good',
      },
      { label: 'exact / near duplicates', value: `${report.duplicates.exact} / ${report.duplicates.near}` },
      ...(report.contamination
        ? [
            {
              label: 'overlap with compare file',
              value: `${report.contamination.exact + report.contamination.near}`,
              tone: report.contamination.exact + report.contamination.near ? ('bad' as const) : ('good' as const),
            },
          ]
        : []),
    ],
    sections: [
      {
        title: 'Findings by category',
        paragraphs: [
          `Scanners run: ${report.scanners.ran.join(', ') || 'none'}.${report.scanners.unavailable.length ? ` Not available in this build: ${report.scanners.unavailable.join(', ')}.` : ''}`,
        ],
        ...(categories.length
          ? {
              chart: {
                type: 'bar' as const,
                horizontal: true,
                labels: categories.map(([name]) => name),
                datasets: [{ label: 'findings', data: categories.map(([, count]) => count) }],
              },
            }
          : {}),
        table: {
          headers: ['line', 'scanner', 'category', 'score'],
          rows: report.findings.examples
            .slice(0, 50)
            .map((example) => [example.line, example.scanner, example.category, example.score]),
        },
      },
      {
        title: 'Schema issues',
        table: {
          headers: ['line', 'severity', 'code', 'message'],
          rows: report.issues.examples
            .slice(0, 50)
            .map((issue) => [issue.line, issue.severity, issue.code, issue.message]),
        },
      },
      {
        title: 'Duplicates and contamination',
        table: {
          headers: ['line', 'same as line', 'similarity', 'where'],
          rows: [
            ...report.duplicates.examples
              .slice(0, 30)
              .map((example) => [example.line, example.duplicateOf, example.similarity, 'this file']),
            ...(report.contamination?.examples ?? [])
              .slice(0, 30)
              .map((example) => [
                example.line,
                example.compareLine,
                example.similarity,
                report.contamination?.compareFile ?? '',
              ]),
          ],
        },
      },
      {
        title: 'Statistics',
        paragraphs: [
          `Characters per row: min ${report.statistics.characters.min}, median ${report.statistics.characters.p50}, p95 ${report.statistics.characters.p95}, max ${report.statistics.characters.max}. Turns per row: mean ${report.statistics.turnsPerRow.mean.toFixed(2)}, max ${report.statistics.turnsPerRow.max}.`,
        ],
        chart: {
          type: 'bar',
          labels: languages.map(([language]) => language),
          datasets: [{ label: 'rows by language', data: languages.map(([, count]) => count) }],
        },
        table: { headers: ['role', 'turns'], rows: Object.entries(report.statistics.roles) },
      },
      {
        title: 'Demographic-term balance (bias indicator)',
        paragraphs: [
          'Balance = mentions of the least-mentioned group ÷ the most-mentioned group, per attribute (1 is balanced). A low value is a prompt to look, not proof of bias.',
        ],
        chart: {
          type: 'bar',
          labels: Object.keys(report.demographics.balance),
          datasets: [{ label: 'balance', data: Object.values(report.demographics.balance).map((value) => value ?? 0) }],
          maximum: 1,
        },
        table: {
          headers: ['attribute', 'group', 'mentions'],
          rows: Object.entries(report.demographics.counts).flatMap(([attribute, groups]) =>
            Object.entries(groups).map(([group, count]) => [attribute, group, count]),
          ),
        },
      },
    ],
  });
}
