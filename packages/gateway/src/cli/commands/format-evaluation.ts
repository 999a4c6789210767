function format(value: unknown): string {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(3);
  return String(value);
}

function table(headers: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const cells = [headers, ...rows.map((row) => row.map(format))];
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => String(row[column] ?? '').length)));
  return `${cells.map((row) => row.map((cell, column) => String(cell).padEnd(widths[column] ?? 0)).join('  ')).join('\n')}\n`;
}

interface Score {
  gold: number;
  predicted: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

/**
 * Human-readable tables for an evaluation report.
 *
 * @example
 * process.stdout.write(formatEvaluation(await runEval(options)));
 */
export function formatEvaluation(report: Record<string, unknown>): string {
  const latency = report.latencyMs as { p50: number; p95: number; p99: number } | null;
  const latencyLine = latency
    ? `latency ms  p50 ${format(latency.p50)}  p95 ${format(latency.p95)}  p99 ${format(latency.p99)}\n`
    : '';
  if (report.task === 'spans') {
    let text = '';
    for (const matching of ['exact', 'overlap'] as const) {
      const section = report[matching] as { micro: Score; byType: Record<string, Score> };
      const rows = Object.entries(section.byType).map(([type, score]) => [
        type,
        score.gold,
        score.predicted,
        score.precision,
        score.recall,
        score.f1,
      ]);
      rows.push([
        'micro',
        section.micro.gold,
        section.micro.predicted,
        section.micro.precision,
        section.micro.recall,
        section.micro.f1,
      ]);
      text += `${matching} span matching\n${table(['type', 'gold', 'predicted', 'P', 'R', 'F1'], rows)}\n`;
    }
    return text + latencyLine;
  }
  const overall = report.overall as Record<string, number | null>;
  let text = table(
    ['n', 'TP', 'FP', 'TN', 'FN', 'precision', 'recall', 'F1', 'FPR', 'accuracy', 'AUROC'],
    [
      [
        overall.n,
        overall.truePositives,
        overall.falsePositives,
        overall.trueNegatives,
        overall.falseNegatives,
        overall.precision,
        overall.recall,
        overall.f1,
        overall.falsePositiveRate,
        overall.accuracy,
        overall.auroc,
      ],
    ],
  );
  const groups = report.groups as {
    group: string;
    n: number;
    positives: number;
    negatives: number;
    recall: number | null;
    falsePositiveRate: number | null;
  }[];
  if (groups.length > 0) {
    text += `\n${table(
      ['group', 'n', 'positives', 'negatives', 'recall', 'FPR'],
      groups.map((group) => [
        group.group,
        group.n,
        group.positives,
        group.negatives,
        group.recall,
        group.falsePositiveRate,
      ]),
    )}`;
  }
  return text + latencyLine;
}
