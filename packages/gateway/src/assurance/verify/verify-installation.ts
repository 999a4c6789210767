import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readModelManifests } from '../sbom/create-sbom.js';

/** One integrity problem. */
export interface VerificationProblem {
  readonly kind:
    | 'model-hash'
    | 'model-missing'
    | 'model-embedded'
    | 'package-missing'
    | 'package-version'
    | 'package-integrity';
  readonly subject: string;
  readonly message: string;
}

/** Result of {@link verifyInstallation}. */
export interface VerificationReport {
  readonly modelsChecked: number;
  readonly packagesChecked: number;
  readonly problems: readonly VerificationProblem[];
}

interface LockEntry {
  version?: string;
  integrity?: string;
  link?: boolean;
  optional?: boolean;
  dev?: boolean;
}

/**
 * Checks that the artifacts bundled as modules (`embedded-artifacts.ts`, what the scanners actually load)
 * are byte-identical to the files their manifest.json names: the runtime copy cannot be swapped alone.
 *
 * @example
 * const problems = await verifyEmbeddedArtifacts(['packages/guard/src/models']);
 */
export async function verifyEmbeddedArtifacts(directories: readonly string[]): Promise<VerificationProblem[]> {
  const problems: VerificationProblem[] = [];
  for (const artifact of readModelManifests(directories)) {
    const embeddedModule = join(artifact.path, '..', 'embedded-artifacts.ts');
    if (!existsSync(embeddedModule)) continue;
    const embedded = (await import(pathToFileURL(embeddedModule).href)) as {
      embeddedArtifacts?: Record<string, string>;
    };
    const base64 = embedded.embeddedArtifacts?.[basename(artifact.path)];
    if (base64 === undefined) {
      problems.push({
        kind: 'model-embedded',
        subject: embeddedModule,
        message: `does not embed ${basename(artifact.path)}`,
      });
      continue;
    }
    const actual = createHash('sha256').update(Buffer.from(base64, 'base64')).digest('hex');
    if (actual !== artifact.sha256) {
      problems.push({
        kind: 'model-embedded',
        subject: embeddedModule,
        message: `embedded ${basename(artifact.path)} does not match manifest.json`,
      });
    }
  }
  return problems;
}

/**
 * Checks every model artifact against its manifest sha256, and every package in package-lock.json
 * against what is installed: present, same version, and the same integrity recorded by npm at install
 * time (node_modules/.package-lock.json). npm keeps no tarballs, so installed files cannot be re-hashed
 * against the tarball integrity; a changed version or integrity record is what this detects.
 *
 * @example
 * const report = verifyInstallation({ root: process.cwd() });
 * if (report.problems.length) process.exitCode = 1;
 */
export function verifyInstallation(options: {
  root: string;
  modelDirectories?: readonly string[];
  includeDevelopment?: boolean;
}): VerificationReport {
  const problems: VerificationProblem[] = [];
  const artifacts = readModelManifests(options.modelDirectories ?? [join(options.root, 'packages/guard/src/models')]);
  for (const artifact of artifacts) {
    if (!existsSync(artifact.path)) {
      problems.push({
        kind: 'model-missing',
        subject: artifact.path,
        message: 'artifact named in the manifest is missing',
      });
      continue;
    }
    const actual = createHash('sha256').update(readFileSync(artifact.path)).digest('hex');
    if (actual !== artifact.sha256) {
      problems.push({
        kind: 'model-hash',
        subject: artifact.path,
        message: `sha256 ${actual.slice(0, 12)}… does not match the manifest's ${artifact.sha256.slice(0, 12)}…`,
      });
    }
  }
  let packagesChecked = 0;
  const lockPath = join(options.root, 'package-lock.json');
  if (existsSync(lockPath)) {
    const lock = JSON.parse(readFileSync(lockPath, 'utf8')) as { packages?: Record<string, LockEntry> };
    const hiddenPath = join(options.root, 'node_modules/.package-lock.json');
    const hidden = existsSync(hiddenPath)
      ? ((JSON.parse(readFileSync(hiddenPath, 'utf8')) as { packages?: Record<string, LockEntry> }).packages ?? {})
      : {};
    for (const [location, entry] of Object.entries(lock.packages ?? {})) {
      if (location === '' || entry.link || !entry.version || !location.includes('node_modules/')) continue;
      if (entry.dev && options.includeDevelopment === false) continue;
      const manifestPath = join(options.root, location, 'package.json');
      if (!existsSync(manifestPath)) {
        if (!entry.optional && !entry.dev) {
          problems.push({ kind: 'package-missing', subject: location, message: 'locked package is not installed' });
        }
        continue;
      }
      packagesChecked += 1;
      const installed = JSON.parse(readFileSync(manifestPath, 'utf8')) as { version?: string };
      if (installed.version !== entry.version) {
        problems.push({
          kind: 'package-version',
          subject: location,
          message: `installed ${installed.version ?? '?'} but the lockfile pins ${entry.version}`,
        });
      }
      const recorded = hidden[location]?.integrity;
      if (recorded && entry.integrity && recorded !== entry.integrity) {
        problems.push({
          kind: 'package-integrity',
          subject: location,
          message: 'installed integrity differs from the lockfile',
        });
      }
    }
  }
  return { modelsChecked: artifacts.length, packagesChecked, problems };
}
