import { createScanContext } from '../../scanner/create-scan-context.js';
import type { ContextDocument, ScannerDefinition, Stage } from '../../scanner/types.js';

export { createScanContext };

/** One batch row as `palisade scan` reads it (extra fields are kept but ignored). */
export interface BatchRow {
  readonly text: string;
  readonly system?: string;
  readonly documents?: readonly (ContextDocument | string)[];
  readonly prompt?: string;
  readonly canary?: string;
}

/** The `palisade` field the batch CLI writes back for a row, for one scanner. */
export interface BatchRowResult {
  readonly score: number;
  readonly findings: readonly {
    readonly scanner: string;
    readonly category: string;
    readonly score?: number;
    readonly start?: number;
    readonly end?: number;
  }[];
}

/**
 * Runs one scanner over one batch row exactly as `palisade scan --stage <stage>` will: the row's
 * `system`, `documents` (strings or `{ id, text, source }`), `prompt` and `canary` fields become
 * the scan context. Used by the fixture tests of the output-rail scanners.
 *
 * @example
 * const result = await runBatchRow(urlsScanner, {}, { text: 'see http://127.0.0.1/' });
 */
export async function runBatchRow<Config>(
  definition: ScannerDefinition<Config>,
  config: unknown,
  row: BatchRow,
  stage: Stage = 'output',
): Promise<BatchRowResult> {
  const scanner = await definition.create(definition.configSchema.parse(config));
  const documents = row.documents?.map((document, index) =>
    typeof document === 'string' ? { id: String(index), text: document } : document,
  );
  const context = createScanContext(row.text, {
    stage,
    ...(row.system === undefined ? {} : { system: row.system }),
    ...(documents === undefined ? {} : { documents }),
    ...(row.prompt === undefined ? {} : { prompt: row.prompt }),
    ...(row.canary === undefined ? {} : { canary: row.canary }),
  });
  const outcome = await scanner.scan(context);
  await scanner.close?.();
  return {
    score: outcome.score ?? 0,
    findings: outcome.findings.map((finding) => ({
      scanner: finding.scanner,
      category: finding.category,
      ...(finding.score === undefined ? {} : { score: finding.score }),
      ...(finding.span === undefined ? {} : { start: finding.span.start, end: finding.span.end }),
    })),
  };
}
