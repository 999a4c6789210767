import { Command } from 'commander';
import { verifyInstallation } from '../../assurance/verify/verify-installation.js';
import { installationRoot } from '../installation-root.js';

/**
 * `palisade verify`: model artifacts against their manifests, installed packages against the lockfile.
 *
 * @example
 * palisade verify --json
 */
export function verifyCommand(): Command {
  return new Command('verify')
    .description('check model artifacts against their sha256 manifests and installed packages against the lockfile')
    .option('--root <dir>', 'installation root holding package-lock.json', installationRoot())
    .option('--models <dirs>', 'comma-separated extra model folders (configured models)')
    .option('--json', 'print the report as JSON')
    .action((options: { root: string; models?: string; json?: boolean }) => {
      const extra = options.models ? options.models.split(',').map((path) => path.trim()) : [];
      const report = verifyInstallation({
        root: options.root,
        modelDirectories: extra.length ? [`${options.root}/packages/guard/src/models`, ...extra] : undefined,
      });
      if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else {
        for (const problem of report.problems)
          process.stdout.write(`FAIL ${problem.kind} ${problem.subject}: ${problem.message}\n`);
        process.stdout.write(
          `${report.modelsChecked} model artifacts, ${report.packagesChecked} packages checked: ${report.problems.length === 0 ? 'all verified' : `${report.problems.length} problem(s)`}\n`,
        );
      }
      if (report.problems.length > 0) process.exitCode = 1;
    });
}
