/** A typed span, end exclusive. */
export interface TypedSpan {
  readonly type: string;
  readonly start: number;
  readonly end: number;
}

/** Precision/recall/F1 with the counts behind them. */
export interface SpanScore {
  readonly gold: number;
  readonly predicted: number;
  readonly precision: number | null;
  readonly recall: number | null;
  readonly f1: number | null;
}

/** Span metrics per type and micro-averaged, exact and overlap matching. */
export interface SpanReport {
  readonly exact: { readonly micro: SpanScore; readonly byType: Readonly<Record<string, SpanScore>> };
  readonly overlap: { readonly micro: SpanScore; readonly byType: Readonly<Record<string, SpanScore>> };
}

const typeAliases: Readonly<Record<string, string>> = {
  EMAIL_ADDRESS: 'EMAIL',
  PHONE_NUMBER: 'PHONE',
  CREDIT_CARD_NUMBER: 'CREDIT_CARD',
  SSN: 'US_SSN',
  IBAN_CODE: 'IBAN',
  STREET_ADDRESS: 'ADDRESS',
  LOCATION: 'ADDRESS',
  PER: 'PERSON',
  NAME: 'PERSON',
  US_DRIVER_LICENSE: 'DRIVER_LICENSE',
  DOB: 'DATE_OF_BIRTH',
  IP: 'IP_ADDRESS',
};

/**
 * Canonical entity type: upper-case, non-alphanumerics to `_`, common aliases folded
 * (`EMAIL_ADDRESS` → `EMAIL`, `pii.email` → `EMAIL`).
 *
 * @example
 * canonicalEntityType('pii.phone_number') // 'PHONE'
 */
export function canonicalEntityType(type: string): string {
  const withoutPrefix = type.includes('.') ? type.slice(type.lastIndexOf('.') + 1) : type;
  const upper = withoutPrefix.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  return typeAliases[upper] ?? upper;
}

function score(matchedGold: number, gold: number, matchedPredicted: number, predicted: number): SpanScore {
  const precision = predicted === 0 ? null : matchedPredicted / predicted;
  const recall = gold === 0 ? null : matchedGold / gold;
  const f1 =
    precision === null || recall === null
      ? null
      : precision + recall === 0
        ? 0
        : (2 * precision * recall) / (precision + recall);
  return { gold, predicted, precision, recall, f1 };
}

interface Tally {
  gold: number;
  predicted: number;
  matchedGold: number;
  matchedPredicted: number;
}

function emptyTally(): Tally {
  return { gold: 0, predicted: 0, matchedGold: 0, matchedPredicted: 0 };
}

/** Accumulates span matches document by document. */
export class SpanEvaluator {
  private readonly exact = new Map<string, Tally>();
  private readonly overlap = new Map<string, Tally>();

  /** Adds one document's gold and predicted spans (types are canonicalised). */
  add(gold: readonly TypedSpan[], predicted: readonly TypedSpan[]): void {
    const goldSpans = gold.map((span) => ({ ...span, type: canonicalEntityType(span.type) }));
    const predictedSpans = predicted.map((span) => ({ ...span, type: canonicalEntityType(span.type) }));
    const types = new Set([...goldSpans, ...predictedSpans].map((span) => span.type));
    for (const type of types) {
      const goldOfType = goldSpans.filter((span) => span.type === type);
      const predictedOfType = predictedSpans.filter((span) => span.type === type);
      const exactTally = this.tally(this.exact, type);
      const overlapTally = this.tally(this.overlap, type);
      exactTally.gold += goldOfType.length;
      overlapTally.gold += goldOfType.length;
      exactTally.predicted += predictedOfType.length;
      overlapTally.predicted += predictedOfType.length;
      const same = (a: TypedSpan, b: TypedSpan) => a.start === b.start && a.end === b.end;
      const overlaps = (a: TypedSpan, b: TypedSpan) => a.start < b.end && b.start < a.end;
      exactTally.matchedGold += goldOfType.filter((g) => predictedOfType.some((p) => same(g, p))).length;
      exactTally.matchedPredicted += predictedOfType.filter((p) => goldOfType.some((g) => same(g, p))).length;
      overlapTally.matchedGold += goldOfType.filter((g) => predictedOfType.some((p) => overlaps(g, p))).length;
      overlapTally.matchedPredicted += predictedOfType.filter((p) => goldOfType.some((g) => overlaps(g, p))).length;
    }
  }

  /** Per-type and micro-averaged scores. */
  report(): SpanReport {
    return { exact: this.summarise(this.exact), overlap: this.summarise(this.overlap) };
  }

  private tally(map: Map<string, Tally>, type: string): Tally {
    let found = map.get(type);
    if (!found) {
      found = emptyTally();
      map.set(type, found);
    }
    return found;
  }

  private summarise(map: Map<string, Tally>): SpanReport['exact'] {
    const total = emptyTally();
    const byType: Record<string, SpanScore> = {};
    for (const [type, tally] of [...map.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      byType[type] = score(tally.matchedGold, tally.gold, tally.matchedPredicted, tally.predicted);
      total.gold += tally.gold;
      total.predicted += tally.predicted;
      total.matchedGold += tally.matchedGold;
      total.matchedPredicted += tally.matchedPredicted;
    }
    return { micro: score(total.matchedGold, total.gold, total.matchedPredicted, total.predicted), byType };
  }
}
