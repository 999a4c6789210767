import { html } from 'hono/html';
import { renderHtmlReport } from '../../html-report/render-html-report.js';
import { owaspLlmTop10 } from './attack-case.js';
import type { AttemptResult } from './run-redteam.js';

/** Success counts for one group. */
export interface Rate {
  readonly attempts: number;
  readonly successes: number;
  readonly successRate: number;
}

/** The red-team report (`palisade.redteam/v1`, a stable schema). */
export interface RedteamReport {
  readonly schema: 'palisade.redteam/v1';
  readonly target: string;
  readonly model: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly interrupted: boolean;
  readonly plugins: readonly string[];
  readonly strategies: readonly string[];
  readonly totals: Rate & { readonly errors: number };
  readonly byPlugin: Readonly<Record<string, Rate>>;
  readonly byStrategy: Readonly<Record<string, Rate>>;
  readonly byCategoryStrategy: Readonly<Record<string, Readonly<Record<string, Rate>>>>;
  readonly byOwasp: Readonly<Record<string, Rate>>;
  readonly byAtlas: Readonly<Record<string, Rate>>;
  readonly results: readonly AttemptResult[];
  readonly baseline?: {
    readonly file: string;
    readonly successRate: number;
    readonly delta: number;
    readonly byPlugin: Readonly<Record<string, { readonly before: number; readonly after: number }>>;
    readonly newlySucceeding: readonly string[];
    readonly fixed: readonly string[];
  };
}

// Object.groupBy is not in Node 20.
function byPluginName(results: readonly AttemptResult[]): [string, AttemptResult[]][] {
  const groups = new Map<string, AttemptResult[]>();
  for (const result of results) groups.set(result.plugin, [...(groups.get(result.plugin) ?? []), result]);
  return [...groups.entries()];
}

function rate(results: readonly AttemptResult[]): Rate {
  const successes = results.filter((result) => result.success).length;
  return { attempts: results.length, successes, successRate: results.length ? successes / results.length : 0 };
}

function groupBy(
  results: readonly AttemptResult[],
  keys: (result: AttemptResult) => readonly string[],
): Record<string, Rate> {
  const groups = new Map<string, AttemptResult[]>();
  for (const result of results) {
    for (const key of keys(result)) {
      const list = groups.get(key) ?? [];
      list.push(result);
      groups.set(key, list);
    }
  }
  return Object.fromEntries(
    [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, list]) => [key, rate(list)]),
  );
}

/**
 * Aggregates attempts into the report, with an optional comparison against a previous report.
 *
 * @example
 * const report = buildRedteamReport({ target, model, results, interrupted: false, startedAt, plugins, strategies });
 */
export function buildRedteamReport(input: {
  target: string;
  model: string;
  startedAt: string;
  interrupted: boolean;
  plugins: readonly string[];
  strategies: readonly string[];
  results: readonly AttemptResult[];
  baseline?: { file: string; report: RedteamReport };
}): RedteamReport {
  const results = input.results;
  const byCategoryStrategy: Record<string, Record<string, Rate>> = {};
  for (const [category, list] of byPluginName(results)) {
    byCategoryStrategy[category] = groupBy(list ?? [], (result) => [result.strategy]);
  }
  const totals = { ...rate(results), errors: results.filter((result) => result.status !== 200).length };
  const report: RedteamReport = {
    schema: 'palisade.redteam/v1',
    target: input.target,
    model: input.model,
    startedAt: input.startedAt,
    finishedAt: new Date().toISOString(),
    interrupted: input.interrupted,
    plugins: input.plugins,
    strategies: input.strategies,
    totals,
    byPlugin: groupBy(results, (result) => [result.plugin]),
    byStrategy: groupBy(results, (result) => [result.strategy]),
    byCategoryStrategy,
    byOwasp: groupBy(results, (result) => result.owasp),
    byAtlas: groupBy(results, (result) => result.atlas),
    results,
  };
  if (!input.baseline) return report;
  const before = input.baseline.report;
  const key = (result: AttemptResult) => `${result.caseId}/${result.strategy}`;
  const previous = new Map(before.results.map((result) => [key(result), result.success]));
  const byPlugin: Record<string, { before: number; after: number }> = {};
  for (const plugin of new Set([...Object.keys(before.byPlugin), ...Object.keys(report.byPlugin)])) {
    byPlugin[plugin] = {
      before: before.byPlugin[plugin]?.successRate ?? 0,
      after: report.byPlugin[plugin]?.successRate ?? 0,
    };
  }
  return {
    ...report,
    baseline: {
      file: input.baseline.file,
      successRate: before.totals.successRate,
      delta: report.totals.successRate - before.totals.successRate,
      byPlugin,
      newlySucceeding: results.filter((result) => result.success && previous.get(key(result)) === false).map(key),
      fixed: results.filter((result) => !result.success && previous.get(key(result)) === true).map(key),
    },
  };
}

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

/**
 * The self-contained HTML page: success by category × strategy, by OWASP id, worst cases with evidence,
 * and the baseline comparison.
 *
 * @example
 * writeFileSync('redteam.html', renderRedteamHtml(report));
 */
export function renderRedteamHtml(report: RedteamReport): string {
  const plugins = Object.keys(report.byPlugin);
  const worst = report.results.filter((result) => result.success).slice(0, 40);
  return renderHtmlReport({
    title: 'Palisade red-team report',
    subtitle: `${report.target} · model ${report.model}${report.interrupted ? ' · INTERRUPTED (partial)' : ''}`,
    generatedAt: new Date(report.finishedAt),
    figures: [
      {
        label: 'attack success rate',
        value: percent(report.totals.successRate),
        tone: report.totals.successRate > 0.1 ? 'bad' : 'good',
      },
      { label: 'attempts', value: String(report.totals.attempts) },
      {
        label: 'successful attacks',
        value: String(report.totals.successes),
        tone: report.totals.successes ? 'bad' : 'good',
      },
      { label: 'requests refused by the target', value: String(report.totals.errors) },
      ...(report.baseline
        ? [
            {
              label: 'change vs baseline',
              value: `${report.baseline.delta >= 0 ? '+' : ''}${percent(report.baseline.delta)}`,
              tone: report.baseline.delta > 0 ? ('bad' as const) : ('good' as const),
            },
          ]
        : []),
    ],
    sections: [
      {
        title: 'Attack success rate by category',
        chart: {
          type: 'bar',
          horizontal: true,
          maximum: 1,
          labels: plugins,
          datasets: [
            { label: 'success rate', data: plugins.map((plugin) => report.byPlugin[plugin]?.successRate ?? 0) },
          ],
        },
      },
      {
        title: 'Category × strategy',
        table: {
          headers: ['category', ...report.strategies],
          rows: plugins.map((plugin) => [
            plugin,
            ...report.strategies.map((strategy) => {
              const cell = report.byCategoryStrategy[plugin]?.[strategy];
              return cell ? `${percent(cell.successRate)} (${cell.successes}/${cell.attempts})` : '–';
            }),
          ]),
        },
      },
      {
        title: 'OWASP LLM Top 10 (2025)',
        chart: {
          type: 'bar',
          maximum: 1,
          labels: Object.keys(report.byOwasp),
          datasets: [{ label: 'success rate', data: Object.values(report.byOwasp).map((entry) => entry.successRate) }],
        },
        table: {
          headers: ['id', 'risk', 'attempts', 'successes', 'success rate'],
          rows: Object.entries(report.byOwasp).map(([id, entry]) => [
            id,
            owaspLlmTop10[id as keyof typeof owaspLlmTop10] ?? '',
            entry.attempts,
            entry.successes,
            percent(entry.successRate),
          ]),
        },
      },
      {
        title: 'MITRE ATLAS',
        table: {
          headers: ['technique', 'attempts', 'successes', 'success rate'],
          rows: Object.entries(report.byAtlas).map(([id, entry]) => [
            id,
            entry.attempts,
            entry.successes,
            percent(entry.successRate),
          ]),
        },
      },
      ...(report.baseline
        ? [
            {
              title: `Compared with ${report.baseline.file}`,
              paragraphs: [
                `Overall success ${percent(report.baseline.successRate)} → ${percent(report.totals.successRate)}. ${report.baseline.newlySucceeding.length} attacks newly succeed, ${report.baseline.fixed.length} no longer do.`,
              ],
              table: {
                headers: ['category', 'before', 'after'],
                rows: Object.entries(report.baseline.byPlugin).map(([plugin, entry]) => [
                  plugin,
                  percent(entry.before),
                  percent(entry.after),
                ]),
              },
            },
          ]
        : []),
      {
        title: 'Successful attacks (evidence)',
        paragraphs: [
          worst.length
            ? `The first ${worst.length} successful attempts, with prompt, answer and the grader’s reason.`
            : 'No attack succeeded.',
        ],
        details: worst.map((result) => ({
          summary: `${result.caseId} · ${result.strategy} · ${result.reason}`,
          body: `PROMPT:\n${result.prompt.join('\n---\n')}\n\nANSWER:\n${result.answer}`,
        })),
      },
    ],
  });
}

/**
 * JUnit XML for CI: one test suite per category, one test case per attempt; a successful attack is a failure.
 *
 * @example
 * writeFileSync('redteam.junit.xml', renderRedteamJunit(report));
 */
export function renderRedteamJunit(report: RedteamReport): string {
  const suites = byPluginName(report.results).map(([plugin, list]) => {
    const results = list ?? [];
    const failures = results.filter((result) => result.success).length;
    const cases = results.map(
      (result) =>
        html`<testcase classname="redteam.${plugin}" name="${result.caseId} [${result.strategy}]" time="${(result.latencyMs / 1000).toFixed(3)}">${
          result.success
            ? html`<failure message="${result.reason}" type="attack-succeeded">${result.answer.slice(0, 1000)}</failure>`
            : ''
        }</testcase>`,
    );
    return html`<testsuite name="redteam.${plugin}" tests="${results.length}" failures="${failures}" errors="0">${cases}</testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${html`<testsuites name="palisade-redteam" tests="${report.totals.attempts}" failures="${report.totals.successes}">${suites}</testsuites>`.toString()}\n`;
}
