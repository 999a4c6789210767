import { GuardError } from '../../errors.js';
import { sha256HexSync } from './sha256-sync.js';

/**
 * Where model bytes come from. Core code only sees this interface, so the same detector runs on
 * Node (files), edge runtimes (artifacts bundled as modules) or anything else (fetch, KV).
 *
 * @example
 * const loader: ArtifactLoader = { load: async (name) => new Uint8Array(await (await fetch(`/models/${name}`)).arrayBuffer()) };
 */
export interface ArtifactLoader {
  load(name: string): Promise<Uint8Array>;
}

/** One artifact entry of a model manifest. */
export interface ManifestEntry {
  readonly sha256: string;
  readonly bytes: number;
}

/** `manifest.json` of a model folder: the sha256 of every artifact, verified on load. */
export interface ModelManifest {
  readonly model: string;
  readonly version: string;
  readonly artifacts: Readonly<Record<string, ManifestEntry>>;
}

/**
 * Lower-case hex sha256 of bytes, via WebCrypto (Node ≥ 20, browsers, workers).
 *
 * @example
 * await sha256Hex(new TextEncoder().encode('abc'))
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  let hex = '';
  for (const byte of new Uint8Array(digest)) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/**
 * Loads one artifact and checks it against the manifest. A missing entry, a size or a hash
 * mismatch throws GuardError 'model-integrity' and the bytes are never used.
 *
 * @example
 * const bytes = await loadVerifiedArtifact(loader, manifest, 'injection.bin');
 */
export async function loadVerifiedArtifact(
  loader: ArtifactLoader,
  manifest: ModelManifest,
  name: string,
): Promise<Uint8Array> {
  const entry = manifest.artifacts[name];
  if (entry === undefined) {
    throw new GuardError('model-integrity', `Model artifact ${name} is not listed in the ${manifest.model} manifest.`, {
      details: { model: manifest.model, artifact: name },
    });
  }
  const bytes = await loader.load(name);
  const actual = await sha256Hex(bytes);
  if (bytes.length !== entry.bytes || actual !== entry.sha256) {
    throw new GuardError(
      'model-integrity',
      `Model artifact ${name} does not match its manifest (expected sha256 ${entry.sha256.slice(0, 12)}…, got ${actual.slice(0, 12)}…); refusing to load it.`,
      { details: { model: manifest.model, artifact: name } },
    );
  }
  return bytes;
}

const base64Alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const base64Lookup = new Int16Array(128).fill(-1);
for (let index = 0; index < base64Alphabet.length; index += 1) base64Lookup[base64Alphabet.charCodeAt(index)] = index;

/**
 * Decodes standard base64 (padding optional, whitespace ignored) without Buffer or atob.
 *
 * @example
 * decodeBase64('aGk=') // Uint8Array [104, 105]
 */
export function decodeBase64(text: string): Uint8Array {
  const output = new Uint8Array(Math.floor((text.length * 3) / 4));
  let length = 0;
  let accumulator = 0;
  let bits = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    const value = code < 128 ? base64Lookup[code]! : -1;
    if (value < 0) continue;
    accumulator = (accumulator << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      output[length] = (accumulator >> bits) & 0xff;
      length += 1;
    }
  }
  return output.subarray(0, length);
}

/**
 * A loader over in-memory artifacts: bytes or base64 strings (the form generated modules export,
 * so edge runtimes can bundle a model without a file system).
 *
 * @example
 * const loader = createMemoryArtifactLoader({ 'injection.bin': injectionArtifactBase64 });
 */
export function createMemoryArtifactLoader(artifacts: Readonly<Record<string, Uint8Array | string>>): ArtifactLoader {
  return {
    load: async (name) => {
      const artifact = artifacts[name];
      if (artifact === undefined) {
        throw new GuardError('model-unavailable', `Model artifact ${name} is not available from this loader.`, {
          details: { artifact: name },
        });
      }
      return typeof artifact === 'string' ? decodeBase64(artifact) : artifact;
    },
  };
}

/**
 * Synchronous variant of {@link loadVerifiedArtifact} for in-memory (bundled) artifacts: decodes
 * and verifies with a synchronous SHA-256. Throws GuardError 'model-integrity' on a mismatch.
 *
 * @example
 * const bytes = loadVerifiedArtifactSync(embeddedArtifacts, embeddedManifest, 'embeddings.bin');
 */
export function loadVerifiedArtifactSync(
  artifacts: Readonly<Record<string, Uint8Array | string>>,
  manifest: ModelManifest,
  name: string,
): Uint8Array {
  const entry = manifest.artifacts[name];
  const artifact = artifacts[name];
  if (entry === undefined || artifact === undefined) {
    throw new GuardError('model-integrity', `Model artifact ${name} is not listed in the ${manifest.model} manifest.`, {
      details: { model: manifest.model, artifact: name },
    });
  }
  const bytes = typeof artifact === 'string' ? decodeBase64(artifact) : artifact;
  const actual = sha256HexSync(bytes);
  if (bytes.length !== entry.bytes || actual !== entry.sha256) {
    throw new GuardError(
      'model-integrity',
      `Model artifact ${name} does not match its manifest (expected sha256 ${entry.sha256.slice(0, 12)}…, got ${actual.slice(0, 12)}…); refusing to load it.`,
      { details: { model: manifest.model, artifact: name } },
    );
  }
  return bytes;
}
