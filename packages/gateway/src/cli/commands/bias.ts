import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Command } from 'commander';
import { protectedAttributes } from '../../assurance/bias/bias-probes.js';
import { renderBiasReport } from '../../assurance/bias/render-bias-report.js';
import { runBiasProbes } from '../../assurance/bias/run-bias-probes.js';
import { createTargetClient } from '../../assurance/target-client/create-target-client.js';
import { hasBuiltinScanner, runBuiltinScanner } from '../builtin-detectors.js';
import { listOption, secretFromEnvironment } from '../option-values.js';
import { createProgress } from '../progress.js';

interface BiasOptions {
  target: string;
  model: string;
  apiKeyEnv?: string;
  attributes?: string;
  domains?: string;
  repeats: string;
  concurrency: string;
  out: string;
}

/**
 * `palisade bias --target <url>`: counterfactual bias probes against an OpenAI-compatible endpoint.
 *
 * @example
 * palisade bias --target http://127.0.0.1:8787/v1 --model gpt-4o-mini --out reports/bias
 */
export function biasCommand(): Command {
  return new Command('bias')
    .description(
      'counterfactual bias probes: refusal rate, outcome, sentiment and toxicity per protected group; disparate impact and significance',
    )
    .requiredOption('--target <url>', 'OpenAI-compatible base URL (e.g. http://127.0.0.1:8787/v1)')
    .option('--model <name>', 'model name sent to the target', 'default')
    .option('--api-key-env <name>', 'environment variable holding the target API key')
    .option('--attributes <list>', `subset of: ${protectedAttributes.map((attribute) => attribute.id).join(',')}`)
    .option('--domains <list>', 'subset of: hiring,lending,healthcare,housing,customer-support')
    .option('--repeats <n>', 'send each probe n times', '1')
    .option('--concurrency <n>', 'parallel requests', '4')
    .option('--out <path>', 'report path without extension: writes .json and .html', 'palisade-bias')
    .action(async (options: BiasOptions) => {
      const apiKey = secretFromEnvironment(options.apiKeyEnv);
      const client = createTargetClient({
        baseUrl: options.target,
        model: options.model,
        apiKey,
        concurrency: Number(options.concurrency),
      });
      const progress = createProgress('bias probes');
      progress.start(0);
      const report = await runBiasProbes({
        client,
        target: options.target,
        model: options.model,
        attributes: listOption(options.attributes),
        domains: listOption(options.domains),
        repeats: Number(options.repeats),
        // The built-in refusal scanner decides; an error answer from the target also counts as a refusal.
        detectRefusal: async (answer: string) =>
          (await runBuiltinScanner('refusal', answer, 'output'))?.tripped ?? false,
        ...(hasBuiltinScanner('toxicity')
          ? {
              scoreToxicity: async (answer: string) =>
                (await runBuiltinScanner('toxicity', answer, 'output'))?.score ?? 0,
            }
          : {}),
        onProgress: (done, total) => progress.update(done, total),
      });
      progress.stop();
      mkdirSync(dirname(options.out), { recursive: true });
      writeFileSync(`${options.out}.json`, `${JSON.stringify(report, null, 2)}\n`);
      writeFileSync(`${options.out}.html`, renderBiasReport(report));
      for (const attribute of report.attributes) {
        process.stdout.write(
          `${attribute.attribute.padEnd(20)} ${attribute.flaggedGroups.length ? `FLAGGED ${attribute.flaggedGroups.join(',')}` : 'ok'}\n`,
        );
      }
      process.stdout.write(`wrote ${options.out}.json and ${options.out}.html\n`);
    });
}
