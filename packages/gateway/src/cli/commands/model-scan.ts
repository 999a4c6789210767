import { Command } from 'commander';
import { scanModels } from '../../assurance/model-scan/scan-model-files.js';

/**
 * `palisade model-scan <file|dir> [--json] [--fail-on high]`: unsafe model files.
 *
 * @example
 * palisade model-scan ./models --json
 */
export function modelScanCommand(): Command {
  return new Command('model-scan')
    .description(
      'flag unsafe model files: pickle code execution, ONNX external-data escapes and custom ops, Keras Lambda layers, archive traversal',
    )
    .argument('<path>', 'model file or folder')
    .option('--json', 'print the report as JSON')
    .option('--fail-on <severity>', 'exit 1 when a finding is at least this severe (low|medium|high|critical)', 'high')
    .action((path: string, options: { json?: boolean; failOn: string }) => {
      const report = scanModels(path);
      if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else {
        for (const finding of report.findings) {
          process.stdout.write(
            `${finding.severity.toUpperCase().padEnd(8)} ${finding.kind} ${finding.file}${finding.entry ? `!${finding.entry}` : ''}: ${finding.message}\n`,
          );
        }
        process.stdout.write(
          `${report.filesScanned} file(s) scanned, ${report.findings.length} finding(s), highest: ${report.highestSeverity}\n`,
        );
      }
      const order = ['info', 'low', 'medium', 'high', 'critical'];
      if (report.highestSeverity !== 'none' && order.indexOf(report.highestSeverity) >= order.indexOf(options.failOn))
        process.exitCode = 1;
    });
}
