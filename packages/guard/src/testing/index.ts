// @palisade/guard/testing: fakes and builders for tests of code that uses the guard.
export { allowDecision, blockDecision, buildDecision, buildFinding } from './build-decision.js';
export type { VaultContractOptions } from './check-vault-contract.js';
export { checkVaultContract } from './check-vault-contract.js';
export type { TestGuardOptions } from './create-test-guard.js';
export { createTestGuard } from './create-test-guard.js';
export type {
  FixedScannerOptions,
  PatternScannerOptions,
  SlowScannerOptions,
  ThrowingScannerOptions,
} from './fake-scanners.js';
export {
  fixedScanner,
  patternScanner,
  referenceScannerIds,
  referenceScanners,
  slowScanner,
  throwingScanner,
} from './fake-scanners.js';
