import { writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { createSbom } from '../../assurance/sbom/create-sbom.js';
import { installationRoot } from '../installation-root.js';

/**
 * `palisade sbom [--out sbom.cdx.json]`: CycloneDX 1.6 SBOM of packages, models and datasets.
 *
 * @example
 * palisade sbom --out sbom.cdx.json
 */
export function sbomCommand(): Command {
  return new Command('sbom')
    .description(
      'write a CycloneDX 1.6 JSON SBOM: npm packages from the lockfile, model artifacts and datasets with hashes',
    )
    .option('--out <file>', 'output file (default: standard output)')
    .option('--root <dir>', 'installation root holding package-lock.json', installationRoot())
    .action((options: { out?: string; root: string }) => {
      const json = createSbom({ root: options.root });
      if (options.out) {
        writeFileSync(options.out, `${json}\n`);
        process.stderr.write(`wrote ${options.out}\n`);
      } else process.stdout.write(`${json}\n`);
    });
}
