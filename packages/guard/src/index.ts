// Public API of @palisade/guard. Explicit named exports only.

export type { GuardErrorCode, GuardErrorOptions } from './errors.js';
// errors
export { errorCatalogue, GuardError, isGuardError, toGuardError } from './errors.js';
export { cosineSimilarity, embed, getAttackCorpus, getEmbeddingModel } from './models/embeddings/index.js';
export { loadPiiTagger, PiiTagger } from './models/pii/pii-tagger.js';
export type { ScannerRunEvent, ScannerRunObserver } from './pipeline/assess.js';
// pipeline
export type { CreateGuardOptions, Guard } from './pipeline/create-guard.js';
export { createGuard } from './pipeline/create-guard.js';
export type {
  ChatMessage,
  Decision,
  DocumentDecision,
  GuardRequest,
  ScannerError,
  ToolCall,
} from './pipeline/decision.js';
export type { GuardStreamEvent, GuardStreamOptions } from './pipeline/guard-stream.js';
export type { SecretResolver } from './pipeline/resolve-secret.js';
export { defaultResolveSecret } from './pipeline/resolve-secret.js';
// policy
export { defaultPolicyYaml } from './policy/default-policy.js';
export type { LoadPolicyOptions, PolicyIssue } from './policy/load-policy.js';
export { loadPolicy } from './policy/load-policy.js';
export type { Policy } from './policy/policy.js';
export { policyFromScanners } from './policy/policy-from-scanners.js';
export type { PolicyJsonSchemaOptions } from './policy/policy-json-schema.js';
export { policyJsonSchema, policyJsonSchemaText } from './policy/policy-json-schema.js';
export type { ChatRole, PolicyDocument, Rule, ScannerEntry, TrustLevel } from './policy/policy-schema.js';
export type { PolicyContext } from './policy/select-policy.js';
export { policyMatches, selectPolicy } from './policy/select-policy.js';
export type { Restorer } from './redact/create-restorer.js';
export { createRestorer, restoreText } from './redact/create-restorer.js';
// redaction
export { mergeSpans } from './redact/merge-spans.js';
export { entityOf, maskValue, RedactionSession } from './redact/redaction-session.js';
export { restoreEncryptedTokens } from './redact/restore-encrypted.js';
export type { MemoryVaultOptions, Vault, VaultEntry } from './redact/vault.js';
export { createMemoryVault } from './redact/vault.js';
export { decodeKey, importAesKey } from './redact/web-crypto.js';
export type { Registry } from './scanner/create-registry.js';
// scanner core
export { createRegistry } from './scanner/create-registry.js';
export { createScanContext } from './scanner/create-scan-context.js';
export { defineScanner } from './scanner/define-scanner.js';
export type {
  Action,
  ContextDocument,
  Finding,
  ScanContext,
  Scanner,
  ScannerDefinition,
  ScannerEngine,
  ScanOutcome,
  Severity,
  Span,
  Stage,
} from './scanner/types.js';
export { actionPrecedence, severities, stages } from './scanner/types.js';
export type { AttackIndex, AttackIndexEntry, AttackMatch } from './scanners/attack-similarity/attack-index.js';
export { createInMemoryAttackIndex } from './scanners/attack-similarity/attack-index.js';
// built-in scanners
export {
  AttackSimilarityConfig,
  attackSimilarityScanner,
  createAttackSimilarityDetector,
} from './scanners/attack-similarity/index.js';
export { biasScanner } from './scanners/bias/index.js';
export { builtinScanners } from './scanners/builtin-scanners.js';
export { CodeConfig, codeScanner, findCode } from './scanners/code/index.js';
export { competitorsScanner } from './scanners/competitors/index.js';
export { ExfiltrationConfig, exfiltrationScanner } from './scanners/exfiltration/index.js';
export { GroundednessConfig, groundednessScanner } from './scanners/groundedness/index.js';
export { harmfulRequestScanner } from './scanners/harmful-request/index.js';
export { IndirectInjectionConfig, indirectInjectionScanner } from './scanners/indirect-injection/index.js';
export { InvisibleTextConfig, invisibleTextScanner } from './scanners/invisible-text/index.js';
export { JsonSchemaConfig, jsonSchemaScanner } from './scanners/json-schema/index.js';
export { KeywordList, KeywordsConfig, keywordsScanner } from './scanners/keywords/index.js';
export { LanguageConfig, languageScanner } from './scanners/language/index.js';
export { estimateTokens } from './scanners/length/estimate-tokens.js';
export { LengthConfig, lengthScanner } from './scanners/length/index.js';
export type { PiiAnalyzer, PiiEntity } from './scanners/pii/index.js';
export {
  CustomRecognizerConfig,
  createDefaultPiiAnalyzer,
  createPiiAnalyzer,
  PiiConfig,
  piiEntities,
  piiScanner,
} from './scanners/pii/index.js';
export { PromptInjectionConfig, promptInjectionScanner } from './scanners/prompt-injection/index.js';
export { createCanary, embedCanary, PromptLeakConfig, promptLeakScanner } from './scanners/prompt-leak/index.js';
export { detectRefusal, RefusalConfig, refusalScanner } from './scanners/refusal/index.js';
export { compilePattern, RegexConfig, RegexPattern, regexScanner } from './scanners/regex/index.js';
export { findSecrets, SecretsConfig, secretKinds, secretsScanner } from './scanners/secrets/index.js';
export { topicsScanner } from './scanners/topics/index.js';
export { toxicityScanner } from './scanners/toxicity/index.js';
export { hostMatches, UrlsConfig, urlsScanner } from './scanners/urls/index.js';
// text views
export type { BuildViewsOptions, FindAllOptions, InvisibleKind, ViewMatch, ViewMatcher } from './text/index.js';
export {
  buildViews,
  findAll,
  invisibleKind,
  leetFold,
  normalizeForMatching,
  rot13,
  textViewKinds,
} from './text/index.js';
export type { TextView, TextViewKind } from './text/text-view.js';
