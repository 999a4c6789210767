import { GuardError, type GuardErrorCode, isGuardError } from '../errors.js';
import type { Policy } from '../policy/policy.js';
import type { ChatRole, Rule, TrustLevel } from '../policy/policy-schema.js';
import type { Registry } from '../scanner/create-registry.js';
import type { Action, ContextDocument, Finding, ScanContext, Scanner, Stage } from '../scanner/types.js';
import { buildViews } from '../text/build-views.js';
import type { TextView } from '../text/text-view.js';
import { checkToolCall } from './check-tool-call.js';
import type { GuardRequest, ScannerError } from './decision.js';
import { actionForFinding, bandRulesFor, globMatch, severityAtLeast, strongerAction } from './match-rules.js';
import { runScanner } from './run-scanner.js';

/** A configured scanner of a stage. */
export interface PreparedScanner {
  readonly name: string;
  readonly use: string;
  readonly scanner: Scanner;
  readonly timeoutMs: number;
  readonly onError: 'fail-closed' | 'fail-open';
  readonly roles: readonly ChatRole[];
  readonly targets: readonly ('arguments' | 'result')[];
  readonly shadow: boolean;
  readonly needsFullText: boolean;
}

/** A stage ready to run. */
export interface PreparedStage {
  readonly stage: Stage;
  readonly scanners: readonly PreparedScanner[];
  readonly rules: readonly Rule[];
  readonly defaultAction: Action;
}

/** One text the stage scans. */
export interface ScanTarget {
  readonly kind: 'text' | 'message' | 'document' | 'arguments' | 'result';
  readonly index: number;
  readonly text: string;
  readonly role?: ChatRole;
  readonly documentId?: string;
  readonly source?: string;
  readonly trust?: TrustLevel;
  readonly toolName?: string;
}

/** A finding with the action it maps to and the target it came from. */
export interface AssessedFinding {
  readonly finding: Finding;
  readonly action: Action;
  readonly target: ScanTarget;
}

/** Everything the pipeline concluded before any redaction. */
export interface Assessment {
  readonly action: Action;
  readonly targetActions: readonly Action[];
  readonly findings: readonly AssessedFinding[];
  readonly errors: readonly ScannerError[];
  readonly scores: Record<string, number>;
  readonly latencyMs: Record<string, number>;
  readonly uncertain: readonly { scanner: string; score: number; band: readonly [number, number] }[];
  readonly reason?: string;
}

/** Instantiates the scanners of one stage of a policy. */
export async function prepareStage(
  policy: Policy,
  registry: Registry,
  stage: Stage,
): Promise<PreparedStage | undefined> {
  const stagePolicy = policy[stage];
  if (!stagePolicy) return undefined;
  const scanners = await Promise.all(
    stagePolicy.scanners.map(async (entry): Promise<PreparedScanner> => {
      const definition = registry.get(entry.use);
      // Configs were validated (and defaults filled) by loadPolicy / policyFromScanners.
      let scanner: Scanner;
      try {
        scanner = await definition.create(entry.config ?? definition.configSchema.parse({}));
      } catch (error) {
        if (isGuardError(error)) throw error;
        throw new GuardError('scanner-failed', `scanner "${entry.name ?? entry.use}" could not be created`, {
          cause: error,
          details: { scanner: entry.name ?? entry.use, stage },
        });
      }
      return {
        name: entry.name ?? entry.use,
        use: entry.use,
        scanner,
        timeoutMs: entry.timeoutMs ?? stagePolicy.timeoutMs,
        onError: entry.onError ?? stagePolicy.onError,
        roles: entry.roles ?? ['user', 'tool'],
        targets: entry.targets ?? ['arguments', 'result'],
        shadow: entry.shadow ?? false,
        needsFullText: definition.needsFullText ?? false,
      };
    }),
  );
  return {
    stage,
    scanners,
    rules: stagePolicy.rules as readonly Rule[],
    defaultAction: stagePolicy.defaultAction ?? (stage === 'retrieval' ? 'drop' : 'block'),
  };
}

/** The texts a request asks the stage to scan. */
export function targetsOf(request: GuardRequest, policy: Policy): ScanTarget[] {
  switch (request.stage) {
    case 'retrieval':
      return (request.documents ?? []).map((document: ContextDocument, index) => ({
        kind: 'document' as const,
        index,
        text: document.text,
        documentId: document.id,
        ...(document.source === undefined ? {} : { source: document.source }),
        trust: trustOf(document.source, policy),
      }));
    case 'tool': {
      const targets: ScanTarget[] = [];
      const toolName = request.call?.name ?? request.toolName;
      if (request.call) {
        targets.push({ kind: 'arguments', index: 0, text: request.call.arguments, toolName: request.call.name });
      }
      if (request.result !== undefined) {
        targets.push({ kind: 'result', index: 0, text: request.result, ...(toolName ? { toolName } : {}) });
      }
      if (targets.length === 0 && request.text !== undefined)
        targets.push({ kind: 'text', index: 0, text: request.text });
      return targets;
    }
    default:
      if (request.messages) {
        return request.messages.map((message, index) => ({
          kind: 'message' as const,
          index,
          text: message.content,
          role: message.role,
        }));
      }
      return [{ kind: 'text', index: 0, text: request.text ?? '', ...(request.role ? { role: request.role } : {}) }];
  }
}

function trustOf(source: string | undefined, policy: Policy): TrustLevel {
  const retrieval = policy.retrieval;
  if (!retrieval) return 'standard';
  if (source !== undefined) {
    for (const entry of retrieval.sources) if (globMatch(entry.match, source)) return entry.trust;
  }
  return retrieval.defaultTrust;
}

function appliesTo(scanner: PreparedScanner, target: ScanTarget): boolean {
  if (target.kind === 'message') return target.role !== undefined && scanner.roles.includes(target.role);
  // A plain text with a declared role is filtered like a message of that role.
  if (target.kind === 'text' && target.role !== undefined) return scanner.roles.includes(target.role);
  if (target.kind === 'arguments' || target.kind === 'result') return scanner.targets.includes(target.kind);
  if (target.kind === 'document') return target.trust !== 'deny';
  return true;
}

/** Options for {@link assess}. */
export interface AssessOptions {
  readonly policy: Policy;
  readonly clock: () => number;
  readonly onScannerRun?: ScannerRunObserver;
}

/** One finished scanner run, for metrics and tracing (a span per scanner). Carries no text. */
export interface ScannerRunEvent {
  readonly scanner: string;
  /** Registry id of the scanner type. */
  readonly use: string;
  readonly stage: Stage;
  /** Clock value when the run started (the guard's clock, milliseconds). */
  readonly startedAt: number;
  readonly latencyMs: number;
  readonly outcome: 'ok' | 'error';
  readonly code?: GuardErrorCode;
  readonly findingCount: number;
  readonly score: number;
}

/** Receives every scanner run; exceptions it throws are ignored. */
export type ScannerRunObserver = (event: ScannerRunEvent) => void;

/**
 * Runs every applicable scanner on every target concurrently, then maps findings, errors and
 * uncertainty bands to actions. Views are built once per target and shared by its scanners.
 */
export async function assess(
  prepared: PreparedStage,
  request: GuardRequest,
  targets: readonly ScanTarget[],
  options: AssessOptions,
): Promise<Assessment> {
  const { policy, clock } = options;
  const stage = prepared.stage;
  const retrieval = stage === 'retrieval';
  const runs = await Promise.all(
    targets.flatMap((target) => {
      let views: readonly TextView[] | undefined;
      const context: Omit<ScanContext, 'signal'> = {
        text: target.text,
        stage,
        views: () => {
          views ??= buildViews(target.text);
          return views;
        },
        ...(target.role ? { role: target.role } : {}),
        ...(request.system === undefined ? {} : { system: request.system }),
        ...(request.documents && !retrieval ? { documents: request.documents } : {}),
        ...(request.canary === undefined ? {} : { canary: request.canary }),
        ...(request.prompt === undefined ? {} : { prompt: request.prompt }),
        ...(target.toolName === undefined ? {} : { toolName: target.toolName }),
        ...(target.source === undefined ? {} : { source: target.source }),
      };
      return prepared.scanners
        .filter((scanner) => appliesTo(scanner, target))
        .map(async (scanner) => ({
          scanner,
          target,
          run: await runScanner(scanner.scanner, context, {
            name: scanner.name,
            timeoutMs: scanner.timeoutMs,
            clock,
            ...(request.signal ? { signal: request.signal } : {}),
          }),
        }));
    }),
  );

  const targetActions: Action[] = targets.map(() => 'allow');
  const findings: AssessedFinding[] = [];
  const errors: ScannerError[] = [];
  const scores: Record<string, number> = {};
  const latencyMs: Record<string, number> = {};
  const uncertain: { scanner: string; score: number; band: readonly [number, number] }[] = [];
  const reasons = new Map<Action, string>();
  const contribute = (targetIndex: number, action: Action, reason: string): void => {
    const effective = !retrieval && action === 'drop' ? 'allow' : action;
    targetActions[targetIndex] = strongerAction(targetActions[targetIndex] ?? 'allow', effective);
    if (!reasons.has(effective)) reasons.set(effective, reason);
  };
  const failureAction: Action = retrieval ? 'drop' : 'block';

  for (const scanner of prepared.scanners) {
    scores[scanner.name] = 0;
  }
  for (const { scanner, target, run } of runs) {
    const targetIndex = targets.indexOf(target);
    latencyMs[scanner.name] = Math.max(latencyMs[scanner.name] ?? 0, run.latencyMs);
    if (options.onScannerRun) {
      try {
        options.onScannerRun({
          scanner: scanner.name,
          use: scanner.use,
          stage,
          startedAt: run.startedAt,
          latencyMs: run.latencyMs,
          outcome: run.ok ? 'ok' : 'error',
          ...(run.ok ? {} : { code: run.error.code }),
          findingCount: run.ok ? run.findings.length : 0,
          score: run.ok ? run.score : 0,
        });
      } catch {
        // An observer must never change a decision.
      }
    }
    if (!run.ok) {
      errors.push({ scanner: scanner.name, code: run.error.code, message: run.error.message });
      if (scanner.onError === 'fail-closed') {
        contribute(
          targetIndex,
          failureAction,
          `scanner ${scanner.name} failed to run (${run.error.code}; fail-closed)`,
        );
      }
      continue;
    }
    scores[scanner.name] = Math.max(scores[scanner.name] ?? 0, run.score);
    for (const finding of run.findings) {
      let action = actionForFinding(finding, prepared.rules, prepared.defaultAction).action;
      if (scanner.shadow) action = 'allow';
      action = adjustForTrust(action, finding, target, policy);
      if (action === 'redact' && !finding.span) action = failureAction;
      findings.push({ finding: annotate(finding, target, action), action, target });
      contribute(targetIndex, action, `${finding.scanner} found ${finding.category}`);
    }
    if (!scanner.shadow) {
      for (const rule of bandRulesFor(scanner.name, run.score, prepared.rules)) {
        const band = rule.when.scoreBetween as readonly [number, number];
        uncertain.push({ scanner: scanner.name, score: run.score, band });
        contribute(targetIndex, rule.action, `${scanner.name} score is in the uncertainty band`);
      }
    }
  }

  if (stage === 'tool' && request.call) {
    const targetIndex = targets.findIndex((target) => target.kind === 'arguments');
    const target = targets[targetIndex];
    if (target) {
      for (const finding of checkToolCall(request.call, policy.tool)) {
        const action = actionForFinding(finding, prepared.rules, prepared.defaultAction).action;
        findings.push({ finding: annotate(finding, target, action), action, target });
        contribute(targetIndex, action, `tool-policy found ${finding.category}`);
        scores['tool-policy'] = 1;
      }
    }
  }
  if (retrieval) {
    targets.forEach((target, targetIndex) => {
      if (target.trust !== 'deny') return;
      const finding: Finding = {
        scanner: 'source-trust',
        category: 'retrieval.source-denied',
        severity: 'high',
        message: 'the policy denies documents from this source',
      };
      findings.push({ finding: annotate(finding, target, 'drop'), action: 'drop', target });
      contribute(targetIndex, 'drop', 'source-trust denies this source');
    });
  }

  let action: Action = 'allow';
  for (const targetAction of targetActions) action = strongerAction(action, targetAction);
  const reason = action === 'allow' ? undefined : reasons.get(action);
  return {
    action,
    targetActions,
    findings,
    errors,
    scores,
    latencyMs,
    uncertain,
    ...(reason === undefined ? {} : { reason }),
  };
}

function adjustForTrust(action: Action, finding: Finding, target: ScanTarget, policy: Policy): Action {
  if (target.kind !== 'document') return action;
  if (target.trust === 'trusted') {
    const minimum = policy.retrieval?.trustedMinSeverity ?? 'high';
    return severityAtLeast(finding.severity, minimum) ? action : 'allow';
  }
  if (target.trust === 'untrusted') return strongerAction(action, 'drop');
  return action;
}

function annotate(finding: Finding, target: ScanTarget, action: Action): Finding {
  const metadata: Record<string, string | number | boolean> = { ...(finding.metadata ?? {}), action };
  if (target.kind !== 'text') {
    metadata['target'] = target.kind;
    metadata['index'] = target.index;
  }
  if (target.documentId !== undefined) metadata['documentId'] = target.documentId;
  if (target.role !== undefined) metadata['role'] = target.role;
  return { ...finding, metadata };
}
