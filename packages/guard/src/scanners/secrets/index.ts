export { findAssignmentSecrets, isPlaceholderSecret } from './assignment-secrets.js';
export { findHighEntropySecrets, shannonEntropy } from './entropy.js';
export type { SecretCandidate, SecretRule } from './secret-rules.js';
export { secretRules } from './secret-rules.js';
export { findPrivateKeyBlocks, findSecrets, SecretsConfig, secretKinds, secretsScanner } from './secrets-scanner.js';
