import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { html, raw } from 'hono/html';

/** A chart drawn with Chart.js (inlined, so the page works offline). */
export interface ReportChart {
  readonly type: 'bar' | 'line' | 'doughnut';
  readonly labels: readonly string[];
  readonly datasets: readonly { readonly label: string; readonly data: readonly number[] }[];
  /** Horizontal bars. */
  readonly horizontal?: boolean;
  /** Fixed maximum of the value axis (e.g. 1 for rates). */
  readonly maximum?: number;
  readonly stacked?: boolean;
}

/** A table of cells; numbers are shown with 3 decimals. */
export interface ReportTable {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly (string | number | null | undefined)[])[];
}

/** One section of the page. */
export interface ReportSection {
  readonly title: string;
  readonly paragraphs?: readonly string[];
  readonly table?: ReportTable;
  readonly chart?: ReportChart;
  /** Pre-formatted blocks (evidence: prompts, answers). */
  readonly details?: readonly { readonly summary: string; readonly body: string }[];
}

/** The whole page. */
export interface HtmlReport {
  readonly title: string;
  readonly subtitle?: string;
  readonly generatedAt?: Date;
  /** Headline figures shown as tiles. */
  readonly figures?: readonly {
    readonly label: string;
    readonly value: string;
    readonly tone?: 'good' | 'bad' | 'neutral';
  }[];
  readonly sections: readonly ReportSection[];
}

let chartScript: string | undefined;

function chartLibrary(): string {
  if (chartScript === undefined) {
    const require = createRequire(import.meta.url);
    // The UMD build is not in chart.js's exports map: locate it beside the CommonJS entry.
    chartScript = readFileSync(join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'), 'utf8');
  }
  return chartScript;
}

function formatCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(3);
  return value;
}

const palette = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563'];

/**
 * Renders a self-contained HTML report page (no network: Chart.js is inlined, strict CSP).
 *
 * @example
 * writeFileSync('report.html', renderHtmlReport({ title: 'Red team', sections: [{ title: 'Summary', paragraphs: ['…'] }] }));
 */
export function renderHtmlReport(report: HtmlReport): string {
  const charts: { id: string; config: unknown }[] = [];
  const sections = report.sections.map((section, index) => {
    let chart = html``;
    if (section.chart) {
      const id = `chart-${index}`;
      const spec = section.chart;
      charts.push({
        id,
        config: {
          type: spec.type,
          data: {
            labels: spec.labels,
            datasets: spec.datasets.map((dataset, datasetIndex) => ({
              label: dataset.label,
              data: dataset.data,
              backgroundColor: spec.type === 'doughnut' ? palette : palette[datasetIndex % palette.length],
              borderColor: palette[datasetIndex % palette.length],
            })),
          },
          options: {
            animation: false,
            indexAxis: spec.horizontal ? 'y' : 'x',
            responsive: true,
            maintainAspectRatio: false,
            scales:
              spec.type === 'doughnut'
                ? undefined
                : {
                    x: {
                      stacked: spec.stacked ?? false,
                      ...(spec.horizontal && spec.maximum !== undefined ? { max: spec.maximum, min: 0 } : {}),
                    },
                    y: {
                      stacked: spec.stacked ?? false,
                      ...(!spec.horizontal && spec.maximum !== undefined ? { max: spec.maximum, min: 0 } : {}),
                    },
                  },
          },
        },
      });
      const height = spec.horizontal ? Math.max(160, spec.labels.length * 26 + 60) : 280;
      chart = html`<div class="chart" style="height:${height}px"><canvas id="${id}" role="img" aria-label="${section.title}"></canvas></div>`;
    }
    const table = section.table
      ? html`<table><thead><tr>${section.table.headers.map((header) => html`<th>${header}</th>`)}</tr></thead><tbody>${section.table.rows.map(
          (row) => html`<tr>${row.map((cell) => html`<td>${formatCell(cell)}</td>`)}</tr>`,
        )}</tbody></table>`
      : html``;
    const details = (section.details ?? []).map(
      (detail) => html`<details><summary>${detail.summary}</summary><pre>${detail.body}</pre></details>`,
    );
    return html`<section><h2>${section.title}</h2>${(section.paragraphs ?? []).map((text) => html`<p>${text}</p>`)}${chart}${table}${details}</section>`;
  });
  const figures = (report.figures ?? []).map(
    (figure) =>
      html`<div class="figure ${figure.tone ?? 'neutral'}"><div class="value">${figure.value}</div><div class="label">${figure.label}</div></div>`,
  );
  // JSON inside <script> must not be able to close the element.
  const chartData = JSON.stringify(charts).replace(/</g, '\\u003c');
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>${report.title}</title>
<style>
body{font:14px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#111827;background:#f9fafb}
header{background:#111827;color:#f9fafb;padding:20px 32px}header h1{margin:0;font-size:22px}header p{margin:4px 0 0;color:#9ca3af}
main{max-width:1100px;margin:0 auto;padding:24px 32px}
section{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:16px 20px;margin:0 0 20px}
h2{font-size:17px;margin:0 0 12px}
table{border-collapse:collapse;width:100%;margin-top:12px;font-size:13px}th,td{border-bottom:1px solid #e5e7eb;padding:6px 8px;text-align:left;vertical-align:top}th{background:#f3f4f6}
.figures{display:flex;gap:12px;flex-wrap:wrap;margin-bottom:20px}.figure{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:12px 16px;min-width:150px}
.figure .value{font-size:22px;font-weight:600}.figure .label{color:#6b7280}.figure.bad .value{color:#dc2626}.figure.good .value{color:#16a34a}
.chart{position:relative;width:100%}
details{margin-top:8px}summary{cursor:pointer}pre{white-space:pre-wrap;word-break:break-word;background:#f3f4f6;padding:8px;border-radius:4px;font-size:12px}
</style>
</head>
<body>
<header><h1>${report.title}</h1><p>${report.subtitle ?? ''} · generated ${(report.generatedAt ?? new Date()).toISOString()}</p></header>
<main>
<div class="figures">${figures}</div>
${sections}
</main>
<script>${raw(chartLibrary())}</script>
<script>
(function(){var charts=${raw(chartData)};charts.forEach(function(c){var el=document.getElementById(c.id);if(el&&window.Chart){new window.Chart(el,c.config);}});})();
</script>
</body>
</html>
`;
  return page.toString();
}
