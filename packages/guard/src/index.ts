// Public API of @palisade/guard. Explicit named exports only.

export type { GuardErrorCode, GuardErrorOptions } from './errors.js';
// errors
export { errorCatalogue, GuardError, isGuardError, toGuardError } from './errors.js';
export type { Registry } from './scanner/create-registry.js';
// scanner core
export { createRegistry } from './scanner/create-registry.js';
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
// built-in scanners
export { builtinScanners } from './scanners/builtin-scanners.js';
export { exfiltrationScanner } from './scanners/exfiltration/index.js';
export { promptLeakScanner } from './scanners/prompt-leak/index.js';
export { refusalScanner } from './scanners/refusal/index.js';
export { urlsScanner } from './scanners/urls/index.js';
// text views
export { buildViews } from './text/build-views.js';
export type { TextView, TextViewKind } from './text/text-view.js';
