/** One evaluation row of a model card table. */
export interface EvaluationRow {
  readonly name: string;
  readonly count: number;
  readonly positives: number;
  readonly auroc: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly falsePositiveRate: number;
  readonly note?: string;
}

/** Content of a MODEL_CARD.md. */
export interface ModelCard {
  readonly title: string;
  readonly summary: string;
  readonly sections: readonly { heading: string; body: string }[];
  readonly evaluations: readonly { heading: string; description: string; rows: readonly EvaluationRow[] }[];
}

function cell(value: number): string {
  return Number.isFinite(value) ? value.toFixed(3) : 'n/a';
}

/**
 * Renders a model card as markdown (data, splits, measured results, known limits).
 *
 * @example
 * writeFileSync('MODEL_CARD.md', renderModelCard(card));
 */
export function renderModelCard(card: ModelCard): string {
  const parts = [`# ${card.title}`, '', card.summary, ''];
  for (const section of card.sections) parts.push(`## ${section.heading}`, '', section.body.trim(), '');
  for (const evaluation of card.evaluations) {
    parts.push(`## ${evaluation.heading}`, '', evaluation.description.trim(), '');
    parts.push(
      '| set | n | positives | AUROC | precision | recall | F1 | FPR | note |',
      '|---|---|---|---|---|---|---|---|---|',
    );
    for (const row of evaluation.rows) {
      parts.push(
        `| ${row.name} | ${row.count} | ${row.positives} | ${cell(row.auroc)} | ${cell(row.precision)} | ${cell(row.recall)} | ${cell(row.f1)} | ${cell(row.falsePositiveRate)} | ${row.note ?? ''} |`,
      );
    }
    parts.push('');
  }
  return parts.join('\n');
}
