import { createReadStream, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { GuardError } from '@palisade/guard';
import { Command } from 'commander';
import { augmentDataset } from '../../assurance/augment/augment-dataset.js';
import { type DatasetFormat, detectFormat } from '../../assurance/dataset/read-dataset-rows.js';
import { renderDatasetReport } from '../../assurance/dataset/render-dataset-report.js';
import { scanDataset } from '../../assurance/dataset/scan-dataset.js';
import { readJsonLines } from '../../jsonl/read-json-lines.js';
import { createProgress } from '../progress.js';

const formats: readonly DatasetFormat[] = ['openai-chat', 'jsonl', 'csv'];

async function resolveFormat(file: string, format: string | undefined): Promise<DatasetFormat> {
  if (format) {
    if (!formats.includes(format as DatasetFormat))
      throw new GuardError('invalid-input', `--format must be one of ${formats.join('|')}`);
    return format as DatasetFormat;
  }
  if (/\.csv$/i.test(file)) return 'csv';
  for await (const { value } of readJsonLines(createReadStream(file))) return detectFormat(file, value);
  return detectFormat(file, undefined);
}

interface ScanOptions {
  format?: string;
  textField: string;
  out: string;
  clean?: string;
  compare?: string;
  scanners?: string;
  threshold: string;
}

interface AugmentOptions {
  counterfactual: string;
  out: string;
  format?: string;
  textField: string;
  attributes?: string;
}

/**
 * `palisade dataset scan|augment`: validate, scan, deduplicate and clean datasets; counterfactual augmentation.
 *
 * @example
 * palisade dataset scan train.jsonl --out reports/train --clean train.clean.jsonl --compare test.jsonl
 */
export function datasetCommand(): Command {
  const dataset = new Command('dataset').description('fine-tuning and RAG dataset assurance');
  dataset
    .command('scan')
    .description('schema validation, scanner findings, duplicates, contamination, statistics and demographic balance')
    .argument('<file>', 'JSON Lines (OpenAI chat or one text per row) or CSV')
    .option('--format <format>', 'openai-chat | jsonl | csv (default: detected)')
    .option('--text-field <name>', 'text field or CSV column', 'text')
    .option('--out <path>', 'report path without extension: writes .json and .html', 'palisade-dataset')
    .option('--clean <file>', 'write a cleaned copy (flagged rows dropped, PII redacted) and <file>.log.jsonl')
    .option('--compare <file>', 'check overlap (train/test contamination) with this file')
    .option(
      '--scanners <ids>',
      'scanners to run (default: pii,secrets,prompt-injection,indirect-injection,toxicity,harmful-request)',
    )
    .option('--threshold <similarity>', 'near-duplicate Jaccard threshold', '0.8')
    .action(async (file: string, options: ScanOptions) => {
      const format = await resolveFormat(file, options.format);
      const progress = createProgress('dataset');
      progress.start(1);
      const report = await scanDataset({
        file,
        format,
        textField: options.textField,
        cleanFile: options.clean,
        compareFile: options.compare,
        scanners: options.scanners?.split(',').map((id) => id.trim()),
        nearDuplicateThreshold: Number(options.threshold),
        onProgress: (done, total) => progress.update(done, total),
      });
      progress.stop();
      mkdirSync(dirname(options.out), { recursive: true });
      writeFileSync(`${options.out}.json`, `${JSON.stringify(report, null, 2)}\n`);
      writeFileSync(`${options.out}.html`, renderDatasetReport(report));
      process.stdout.write(
        `${report.rows} rows: ${report.rowsWithErrors} with schema errors, ${report.findings.flaggedRows} flagged, ${report.findings.piiRows} with PII, ${report.duplicates.exact} exact and ${report.duplicates.near} near duplicates${report.contamination ? `, ${report.contamination.exact + report.contamination.near} overlapping ${report.contamination.compareFile}` : ''}\n`,
      );
      if (report.clean)
        process.stdout.write(
          `cleaned: kept ${report.clean.kept}, dropped ${report.clean.dropped}, redacted ${report.clean.redacted} → ${report.clean.file} (log ${report.clean.log})\n`,
        );
      process.stdout.write(`wrote ${options.out}.json and ${options.out}.html\n`);
    });
  dataset
    .command('augment')
    .description(
      'counterfactual data augmentation: variants with protected attributes swapped, logged, with before/after balance',
    )
    .requiredOption('--counterfactual <file>', 'JSON Lines dataset to augment')
    .requiredOption('--out <file>', 'augmented JSON Lines (originals plus variants)')
    .option('--format <format>', 'openai-chat | jsonl (default: detected)')
    .option('--text-field <name>', 'text field for jsonl rows', 'text')
    .option('--attributes <list>', 'gender,religion,nationality,race-ethnicity,age (default: all)')
    .action(async (options: AugmentOptions) => {
      const format = await resolveFormat(options.counterfactual, options.format);
      if (format === 'csv') throw new GuardError('invalid-input', 'augment reads JSON Lines');
      const report = await augmentDataset({
        file: options.counterfactual,
        out: options.out,
        format,
        textField: options.textField,
        attributes: options.attributes?.split(',').map((item) => item.trim()),
      });
      process.stdout.write(
        `${report.rows} rows, ${report.variants} counterfactual variants → ${options.out} (log ${report.log})\n`,
      );
      for (const [attribute, balance] of Object.entries(report.before.balance)) {
        const afterBalance = report.after.balance[attribute];
        process.stdout.write(
          `  balance ${attribute.padEnd(16)} before ${balance === null ? '–' : balance.toFixed(2)}  after ${afterBalance === null || afterBalance === undefined ? '–' : afterBalance.toFixed(2)}\n`,
        );
      }
    });
  return dataset;
}
