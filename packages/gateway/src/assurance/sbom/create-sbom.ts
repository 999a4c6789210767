import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { Contrib, Enums, Models, Serialize, Spec } from '@cyclonedx/cyclonedx-library';
import { GuardError } from '@palisade/guard';
import { PackageURL } from 'packageurl-js';

// spdx-expression-parse is CommonJS without types: it throws on an invalid SPDX expression.
const parseSpdxExpression = createRequire(import.meta.url)('spdx-expression-parse') as (expression: string) => unknown;

/** Where to read the installation from. */
export interface SbomOptions {
  /** Directory holding package-lock.json (the repository or installation root). */
  readonly root: string;
  /** Folders searched for model manifests (`manifest.json` files). Default: packages/guard/src/models. */
  readonly modelDirectories?: readonly string[];
  /** Folders whose data files (.jsonl, .json, .txt, .csv) are listed as `data` components. Default: data. */
  readonly dataDirectories?: readonly string[];
  /** Fixed timestamp for reproducible output. */
  readonly timestamp?: Date;
}

interface LockPackage {
  version?: string;
  resolved?: string;
  integrity?: string;
  license?: string;
  dev?: boolean;
  optional?: boolean;
  link?: boolean;
}

/** A model artifact named in a manifest. */
export interface ManifestArtifact {
  readonly model: string;
  readonly path: string;
  readonly sha256: string;
}

function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function* walk(directory: string): Generator<string> {
  if (!existsSync(directory)) return;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') yield* walk(path);
    } else if (entry.isFile()) yield path;
  }
}

/**
 * Reads every model manifest under the given folders. Accepts `{ artifacts|files: [{ path|file|name, sha256 }] }`
 * or a plain `{ "<path>": "<sha256>" }` map; paths are relative to the manifest's folder.
 *
 * @example
 * readModelManifests(['packages/guard/src/models'])
 */
export function readModelManifests(directories: readonly string[]): ManifestArtifact[] {
  const artifacts: ManifestArtifact[] = [];
  for (const directory of directories) {
    for (const path of walk(directory)) {
      if (!path.endsWith('manifest.json')) continue;
      const folder = path.slice(0, -'manifest.json'.length);
      const model = relative(directory, folder).replace(/\/$/, '') || 'model';
      const parsed = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
      const list = (parsed.artifacts ?? parsed.files) as unknown;
      if (Array.isArray(list)) {
        for (const item of list as Record<string, unknown>[]) {
          const file = (item.path ?? item.file ?? item.name) as string | undefined;
          const sha256 = item.sha256 as string | undefined;
          if (typeof file === 'string' && typeof sha256 === 'string')
            artifacts.push({ model, path: join(folder, file), sha256 });
        }
      } else if (list && typeof list === 'object') {
        for (const [file, value] of Object.entries(list as Record<string, unknown>)) {
          const sha256 = typeof value === 'string' ? value : (value as { sha256?: unknown } | null)?.sha256;
          if (typeof sha256 === 'string') artifacts.push({ model, path: join(folder, file), sha256 });
        }
      } else {
        for (const [file, sha256] of Object.entries(parsed)) {
          if (typeof sha256 === 'string' && /^[a-f0-9]{64}$/.test(sha256))
            artifacts.push({ model, path: join(folder, file), sha256 });
        }
      }
    }
  }
  return artifacts.sort((a, b) => a.path.localeCompare(b.path));
}

function integrityToHash(integrity: string | undefined): [Enums.HashAlgorithm, string] | undefined {
  if (!integrity) return undefined;
  const [first] = integrity.split(/\s+/);
  const match = /^(sha512|sha384|sha256|sha1)-(.+)$/.exec(first ?? '');
  if (!match?.[1] || !match[2]) return undefined;
  const algorithm = {
    sha512: Enums.HashAlgorithm['SHA-512'],
    sha384: Enums.HashAlgorithm['SHA-384'],
    sha256: Enums.HashAlgorithm['SHA-256'],
    sha1: Enums.HashAlgorithm['SHA-1'],
  }[match[1] as 'sha512'];
  return [algorithm, Buffer.from(match[2], 'base64').toString('hex')];
}

/**
 * Builds a CycloneDX 1.6 BOM of the installation: npm packages from package-lock.json (name, version,
 * purl, integrity hash, licence) plus shipped model artifacts (`machine-learning-model`) and datasets
 * (`data`) with sha256.
 *
 * @example
 * const json = createSbom({ root: process.cwd() });
 */
export function createSbom(options: SbomOptions): string {
  const lockPath = join(options.root, 'package-lock.json');
  if (!existsSync(lockPath)) throw new GuardError('invalid-input', `no package-lock.json in ${options.root}`);
  const lock = JSON.parse(readFileSync(lockPath, 'utf8')) as {
    name?: string;
    version?: string;
    packages?: Record<string, LockPackage>;
  };
  const licenseFactory = new Contrib.License.Factories.LicenseFactory((expression) => {
    parseSpdxExpression(expression);
  });
  const rootPackage = lock.packages?.[''] as (LockPackage & { name?: string }) | undefined;
  const bom = new Models.Bom();
  bom.metadata.timestamp = options.timestamp ?? new Date();
  bom.metadata.component = new Models.Component(Enums.ComponentType.Application, lock.name ?? 'palisade', {
    version: rootPackage?.version ?? lock.version ?? '0.0.0',
    bomRef: 'palisade',
  });
  const seen = new Set<string>();
  for (const [location, entry] of Object.entries(lock.packages ?? {})) {
    if (location === '' || entry.link || !entry.version) continue;
    const name = location.slice(location.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const key = `${name}@${entry.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const [group, bareName] = name.startsWith('@') ? (name.split('/', 2) as [string, string]) : [undefined, name];
    const purl = new PackageURL('npm', group, bareName, entry.version, undefined, undefined).toString();
    const component = new Models.Component(Enums.ComponentType.Library, bareName, {
      group,
      version: entry.version,
      purl,
      bomRef: purl,
      scope: entry.dev ? Enums.ComponentScope.Optional : Enums.ComponentScope.Required,
    });
    const hash = integrityToHash(entry.integrity);
    if (hash) component.hashes.set(hash[0], hash[1]);
    let license = entry.license;
    const installedManifest = join(options.root, location, 'package.json');
    if (!license && existsSync(installedManifest)) {
      const installed = JSON.parse(readFileSync(installedManifest, 'utf8')) as { license?: unknown };
      if (typeof installed.license === 'string') license = installed.license;
    }
    if (license) component.licenses.add(licenseFactory.makeFromString(license));
    if (entry.dev) component.properties.add(new Models.Property('cdx:npm:package:development', 'true'));
    bom.components.add(component);
  }
  const modelDirectories = options.modelDirectories ?? [join(options.root, 'packages/guard/src/models')];
  for (const artifact of readModelManifests(modelDirectories)) {
    const component = new Models.Component(
      Enums.ComponentType.MachineLearningModel,
      `${artifact.model}/${relative(join(artifact.path, '..'), artifact.path)}`,
      {
        bomRef: `model:${relative(options.root, artifact.path)}`,
        description: `Palisade model artifact ${relative(options.root, artifact.path)}`,
      },
    );
    component.hashes.set(Enums.HashAlgorithm['SHA-256'], artifact.sha256);
    bom.components.add(component);
  }
  const dataDirectories = options.dataDirectories ?? [join(options.root, 'data')];
  for (const directory of dataDirectories) {
    for (const path of [...walk(directory)].sort()) {
      if (!/\.(jsonl|json|txt|csv)$/.test(path) || statSync(path).size === 0) continue;
      const component = new Models.Component(Enums.ComponentType.Data, relative(options.root, path), {
        bomRef: `data:${relative(options.root, path)}`,
      });
      component.hashes.set(Enums.HashAlgorithm['SHA-256'], sha256File(path));
      bom.components.add(component);
    }
  }
  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6));
  return serializer.serialize(bom, { sortLists: true, space: 2 });
}
