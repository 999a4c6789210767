import { GuardError } from '@palisade/guard';
import { Command } from 'commander';
import { verifyEmbeddedArtifacts, verifyInstallation } from '../../assurance/verify/verify-installation.js';
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
    .action(async (options: { root: string; models?: string; json?: boolean }) => {
      const extra = options.models ? options.models.split(',').map((path) => path.trim()) : [];
      const modelDirectories = [`${options.root}/packages/guard/src/models`, ...extra];
      const installation = verifyInstallation({ root: options.root, modelDirectories });
      const embedded = await verifyEmbeddedArtifacts(modelDirectories);
      const report = { ...installation, problems: [...installation.problems, ...embedded] };
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

/**
 * Refuses to go on when a shipped model artifact (file or bundled copy) does not match its manifest:
 * `palisade serve` runs this before it starts.
 *
 * @example
 * await assertModelsIntact();
 */
export async function assertModelsIntact(root = installationRoot()): Promise<void> {
  const modelDirectories = [`${root}/packages/guard/src/models`];
  const problems = [
    ...verifyInstallation({ root, modelDirectories, includeDevelopment: false }).problems.filter((problem) =>
      problem.kind.startsWith('model'),
    ),
    ...(await verifyEmbeddedArtifacts(modelDirectories)),
  ];
  if (problems.length > 0) {
    throw new GuardError(
      'model-integrity',
      `refusing to start: ${problems.map((problem) => `${problem.subject}: ${problem.message}`).join('; ')}`,
    );
  }
}
