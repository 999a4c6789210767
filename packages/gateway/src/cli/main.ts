import { Command, CommanderError } from 'commander';
import { reportCliError } from './cli-error.js';
import { auditCommand } from './commands/audit.js';
import { biasCommand } from './commands/bias.js';
import { datasetCommand } from './commands/dataset.js';
import { evalCommand } from './commands/eval.js';
import { feedbackCommand } from './commands/feedback.js';
import { incidentCommand } from './commands/incident.js';
import { initCommand } from './commands/init.js';
import { keysCommand } from './commands/keys.js';
import { modelScanCommand } from './commands/model-scan.js';
import { redteamCommand } from './commands/redteam.js';
import { reportCommand } from './commands/report.js';
import { rolloutCommand } from './commands/rollout.js';
import { sbomCommand } from './commands/sbom.js';
import { scanCommand } from './commands/scan.js';
import { serveCommand } from './commands/serve.js';
import { trainCommand } from './commands/train.js';
import { usersCommand } from './commands/users.js';
import { assertModelsIntact, verifyCommand } from './commands/verify.js';

/**
 * Builds the `palisade` command tree. Commands never call process.exit; they set process.exitCode.
 *
 * @example
 * await createProgram().parseAsync(['node', 'palisade', 'eval', '--input', 'scanned.jsonl']);
 */
export function createProgram(): Command {
  const program = new Command('palisade')
    .description('Palisade: LLM guardrails, guarded gateway and assurance tools (offline)')
    .version('0.1.0')
    .exitOverride();
  program.addCommand(initCommand());
  // The gateway refuses to start with a tampered model.
  program.addCommand(serveCommand().hook('preAction', () => assertModelsIntact()));
  program.addCommand(scanCommand());
  program.addCommand(evalCommand());
  program.addCommand(trainCommand());
  program.addCommand(keysCommand());
  program.addCommand(usersCommand());
  program.addCommand(auditCommand());
  program.addCommand(rolloutCommand());
  program.addCommand(feedbackCommand());
  program.addCommand(incidentCommand());
  program.addCommand(sbomCommand());
  program.addCommand(verifyCommand());
  program.addCommand(modelScanCommand());
  program.addCommand(redteamCommand());
  program.addCommand(biasCommand());
  program.addCommand(reportCommand());
  program.addCommand(datasetCommand());
  const configure = (command: Command) => {
    command.exitOverride().configureOutput({
      // One line with a stable code for every usage error; --help still prints in full.
      outputError: (text, write) => write(`palisade: usage: ${text.replace(/^error: /, '').trim()}\n`),
    });
    for (const child of command.commands) configure(child);
  };
  configure(program);
  return program;
}

/** Runs the CLI with the process arguments and returns the exit status. */
export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    await createProgram().parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit with 0; everything else commander reports is a usage error.
      return error.exitCode === 0 ? 0 : 2;
    }
    return reportCliError(error);
  }
}

const isEntryPoint = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isEntryPoint || process.env.PALISADE_CLI_ENTRY === '1') {
  // A closed pipe (`palisade sbom | head`) is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  process.exitCode = await runCli(process.argv);
}
