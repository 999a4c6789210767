// Node-only: span-level evaluation of the pii analyzer on labelled JSONL (overlap matching).
import { readFileSync } from 'node:fs';
import type { PiiAnalyzer } from '../../scanners/pii/pii-scanner.js';

/** Gold type names (Presidio and ours) → Palisade entity; `null` = out of scope (neutral). */
export const goldTypeMap: Readonly<Record<string, string | null>> = {
  PERSON: 'PERSON',
  STREET_ADDRESS: 'ADDRESS',
  ADDRESS: 'ADDRESS',
  EMAIL_ADDRESS: 'EMAIL',
  EMAIL: 'EMAIL',
  PHONE_NUMBER: 'PHONE',
  PHONE: 'PHONE',
  CREDIT_CARD: 'CREDIT_CARD',
  US_SSN: 'US_SSN',
  IBAN_CODE: 'IBAN',
  IBAN: 'IBAN',
  IP_ADDRESS: 'IP_ADDRESS',
  DOMAIN_NAME: 'URL',
  URL: 'URL',
  US_DRIVER_LICENSE: 'DRIVER_LICENSE',
  DRIVER_LICENSE: 'DRIVER_LICENSE',
  DATE_OF_BIRTH: 'DATE_OF_BIRTH',
  US_PASSPORT: 'US_PASSPORT',
  UK_NINO: 'UK_NINO',
  UK_NHS: 'UK_NHS',
  IN_PAN: 'IN_PAN',
  IN_AADHAAR: 'IN_AADHAAR',
  ES_NIF: 'ES_NIF',
  ES_NIE: 'ES_NIE',
  IT_FISCAL_CODE: 'IT_FISCAL_CODE',
  CA_SIN: 'CA_SIN',
  DE_TAX_ID: 'DE_TAX_ID',
};

/** Row of a labelled PII file. */
export interface PiiRow {
  readonly text: string;
  readonly entities: readonly { type: string; start: number; end: number }[];
  readonly template_id?: number;
}

/** Counts per entity. */
export interface SpanCounts {
  truePositives: number;
  falsePositives: number;
  found: number;
  gold: number;
}

/** Result of an evaluation. */
export interface SpanEvaluation {
  readonly micro: { precision: number; recall: number; f1: number } & SpanCounts;
  readonly perType: Readonly<Record<string, { precision: number; recall: number; f1: number } & SpanCounts>>;
  readonly rows: number;
  readonly falsePositiveExamples: readonly string[];
  readonly missedExamples: readonly string[];
}

/** Converts Python code-point offsets to UTF-16 offsets (identical unless the text has astral characters). */
export function codePointToUtf16(text: string, offset: number): number {
  let units = 0;
  let points = 0;
  while (points < offset && units < text.length) {
    const code = text.charCodeAt(units);
    units += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
    points += 1;
  }
  return units;
}

/** Reads a JSONL file of PII rows. */
export function readPiiRows(path: string, codePoints = true): PiiRow[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => {
      const row = JSON.parse(line) as PiiRow;
      if (!codePoints) return row;
      return {
        ...row,
        entities: row.entities.map((entity) => ({
          ...entity,
          start: codePointToUtf16(row.text, entity.start),
          end: codePointToUtf16(row.text, entity.end),
        })),
      };
    });
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

/**
 * Scores predictions against gold spans: a prediction is correct when it overlaps a gold span of
 * the same entity; predictions that only overlap out-of-scope gold (GPE, ORGANIZATION, DATE_TIME…)
 * are neutral; a gold span is found when a prediction of its entity overlaps it.
 */
export function evaluateSpans(analyzer: PiiAnalyzer, rows: readonly PiiRow[]): SpanEvaluation {
  const perType: Record<string, SpanCounts> = {};
  const counts = (entity: string) => (perType[entity] ??= { truePositives: 0, falsePositives: 0, found: 0, gold: 0 });
  const falsePositiveExamples: string[] = [];
  const missedExamples: string[] = [];
  for (const row of rows) {
    const predictions = analyzer.analyze(row.text);
    const gold = row.entities.map((entity) => ({ ...entity, mapped: goldTypeMap[entity.type] ?? null }));
    for (const prediction of predictions) {
      const overlapping = gold.filter((entity) => entity.start < prediction.end && prediction.start < entity.end);
      if (overlapping.some((entity) => entity.mapped === prediction.entity))
        counts(prediction.entity).truePositives += 1;
      else if (overlapping.length > 0 && overlapping.every((entity) => entity.mapped === null)) continue;
      else {
        counts(prediction.entity).falsePositives += 1;
        if (falsePositiveExamples.length < 60) {
          falsePositiveExamples.push(
            `${prediction.entity} «${row.text.slice(prediction.start, prediction.end)}» in: ${row.text.slice(0, 160).replace(/\n/g, '⏎')}`,
          );
        }
      }
    }
    for (const entity of gold) {
      if (entity.mapped === null) continue;
      const bucket = counts(entity.mapped);
      bucket.gold += 1;
      if (
        predictions.some(
          (prediction) =>
            prediction.entity === entity.mapped && prediction.start < entity.end && entity.start < prediction.end,
        )
      ) {
        bucket.found += 1;
      } else if (missedExamples.length < 60) {
        missedExamples.push(
          `${entity.mapped} «${row.text.slice(entity.start, entity.end)}» in: ${row.text.slice(0, 160).replace(/\n/g, '⏎')}`,
        );
      }
    }
  }
  const total: SpanCounts = { truePositives: 0, falsePositives: 0, found: 0, gold: 0 };
  const withRates = (value: SpanCounts) => {
    const precision = ratio(value.truePositives, value.truePositives + value.falsePositives);
    const recall = ratio(value.found, value.gold);
    return { ...value, precision, recall, f1: ratio(2 * precision * recall, precision + recall) };
  };
  const scored: Record<string, ReturnType<typeof withRates>> = {};
  for (const [entity, value] of Object.entries(perType).sort()) {
    total.truePositives += value.truePositives;
    total.falsePositives += value.falsePositives;
    total.found += value.found;
    total.gold += value.gold;
    scored[entity] = withRates(value);
  }
  return { micro: withRates(total), perType: scored, rows: rows.length, falsePositiveExamples, missedExamples };
}
