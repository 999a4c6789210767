// Shared inference core for Palisade's learned detectors (edge-safe: no node: imports).
export type { ArtifactLoader, ManifestEntry, ModelManifest } from './artifact-loader.js';
export {
  createMemoryArtifactLoader,
  decodeBase64,
  loadVerifiedArtifact,
  loadVerifiedArtifactSync,
  sha256Hex,
} from './artifact-loader.js';
export type { Calibration } from './calibration.js';
export { calibrate, sigmoid } from './calibration.js';
export type { FeatureOptions, FeatureVisitor, SparseVector } from './hashed-features.js';
export { defaultFeatureOptions, featurize, forEachFeature, normalizeForFeatures } from './hashed-features.js';
export type { ClassifierScore, LinearClassifierMetadata } from './linear-classifier.js';
export { LinearClassifier, loadLinearClassifier } from './linear-classifier.js';
export { sha256HexSync } from './sha256-sync.js';
export type { TensorArtifact, TensorDataType, TensorInput } from './tensor-artifact.js';
export { decodeTensorArtifact, encodeTensorArtifact } from './tensor-artifact.js';
