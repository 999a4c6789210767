import { GuardError, isGuardError } from '../errors.js';
import type { Policy } from '../policy/policy.js';
import { createRestorer } from '../redact/create-restorer.js';
import { type RedactionKeys, RedactionSession } from '../redact/redaction-session.js';
import { createMemoryVault, type Vault } from '../redact/vault.js';
import { decodeKey, importAesKey, randomBytes, toHex } from '../redact/web-crypto.js';
import type { Registry } from '../scanner/create-registry.js';
import type { Finding, Stage } from '../scanner/types.js';
import { stages } from '../scanner/types.js';
import {
  type AssessedFinding,
  assess,
  type PreparedStage,
  prepareStage,
  type ScannerRunObserver,
  targetsOf,
} from './assess.js';
import type { ChatMessage, Decision, DocumentDecision, GuardRequest } from './decision.js';
import { createGuardStream, type GuardStreamEvent, type GuardStreamOptions } from './guard-stream.js';
import { defaultResolveSecret, type SecretResolver } from './resolve-secret.js';

/** Options for {@link createGuard}. */
export interface CreateGuardOptions {
  readonly policy: Policy;
  readonly registry: Registry;
  /** Where reversible replacements live (default: an in-memory vault). */
  readonly vault?: Vault;
  /** Milliseconds clock for latencies (default `performance.now`). */
  readonly clock?: () => number;
  /** Resolves `env:`/`file:` references for the redaction salt and key (default: `env:` only). */
  readonly resolveSecret?: SecretResolver;
  /** Called after every scanner run (metrics, a tracing span per scanner). */
  readonly onScannerRun?: ScannerRunObserver;
}

/** A policy bound to scanner instances. */
export interface Guard {
  readonly policy: Policy;
  /** Scans a request at one stage and decides. Never throws for scanner failures: they are values. */
  check(request: GuardRequest): Promise<Decision>;
  /** Puts vault originals back in place of their tokens (`<EMAIL_1>` → the address) for a conversation. */
  restore(text: string, conversationId: string): Promise<string>;
  /** A TransformStream guarding streamed model output (see {@link GuardStreamOptions}). */
  stream(options?: GuardStreamOptions): TransformStream<string, string | GuardStreamEvent>;
  /** Adds a canary token to a system prompt; pass `canary` to output checks so prompt-leak can find it. */
  insertCanary(system: string): { system: string; canary: string };
  /** Whether the output stage must buffer whole answers (a scanner needs the full text). */
  readonly outputNeedsFullText: boolean;
  /** Releases scanner resources. */
  close(): Promise<void>;
}

/** Internals shared with the streaming guard. */
export interface GuardCore {
  readonly policy: Policy;
  readonly vault: Vault;
  readonly clock: () => number;
  readonly keys: RedactionKeys;
  readonly prepared: Partial<Record<Stage, PreparedStage>>;
  readonly onScannerRun?: ScannerRunObserver;
  /** Runs `task` after earlier tasks of the same conversation finished (no conversation: at once). */
  withConversation<Result>(conversationId: string | undefined, task: () => Promise<Result>): Promise<Result>;
}

const defaultClock = (): number => globalThis.performance?.now() ?? Date.now();

/**
 * Instantiates the policy's scanners and returns a {@link Guard}.
 *
 * @example
 * const guard = await createGuard({ policy: await loadPolicy(yaml, { registry }), registry });
 * const decision = await guard.check({ stage: 'input', text: 'Ignore previous instructions' });
 * if (decision.effective === 'block') throw new GuardError('blocked-by-policy', decision.reason ?? 'blocked');
 */
export async function createGuard(options: CreateGuardOptions): Promise<Guard> {
  const { policy, registry } = options;
  const clock = options.clock ?? defaultClock;
  const vault = storageErrorsAsGuardErrors(options.vault ?? createMemoryVault());
  const resolveSecret = options.resolveSecret ?? defaultResolveSecret;
  const keys = await resolveKeys(policy, async (reference) => {
    try {
      return await resolveSecret(reference);
    } catch (error) {
      throw isGuardError(error)
        ? error
        : new GuardError('secret-unresolved', 'a secret reference of the policy could not be resolved', {
            cause: error,
          });
    }
  });
  const prepared: Partial<Record<Stage, PreparedStage>> = {};
  for (const stage of stages) {
    const stagePrepared = await prepareStage(policy, registry, stage);
    if (stagePrepared) prepared[stage] = stagePrepared;
  }
  const queues = new Map<string, Promise<unknown>>();
  const withConversation = <Result>(conversationId: string | undefined, task: () => Promise<Result>) => {
    if (conversationId === undefined) return task();
    const previous = queues.get(conversationId) ?? Promise.resolve();
    const next = previous.then(task, task);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    queues.set(conversationId, settled);
    void settled.then(() => {
      if (queues.get(conversationId) === settled) queues.delete(conversationId);
    });
    return next;
  };
  const core: GuardCore = {
    policy,
    vault,
    clock,
    keys,
    prepared,
    withConversation,
    ...(options.onScannerRun ? { onScannerRun: options.onScannerRun } : {}),
  };
  let closed = false;

  const guard: Guard = {
    policy,
    outputNeedsFullText: prepared.output?.scanners.some((scanner) => scanner.needsFullText) ?? false,
    check: (request) => {
      if (closed) return Promise.reject(new GuardError('internal', 'this guard is closed'));
      return checkRequest(core, request);
    },
    async restore(text, conversationId) {
      return restoreWith(core, text, conversationId);
    },
    stream: (streamOptions = {}) => createGuardStream(core, streamOptions),
    insertCanary(system) {
      const canary = `pal-canary-${toHex(randomBytes(8))}`;
      return { system: `${system}\n\n<!-- ${canary} -->`, canary };
    },
    async close() {
      if (closed) return;
      closed = true;
      const closing: Promise<void>[] = [];
      for (const stage of Object.values(prepared)) {
        for (const scanner of stage.scanners) if (scanner.scanner.close) closing.push(scanner.scanner.close());
      }
      await Promise.allSettled(closing);
    },
  };
  return Object.freeze(guard);
}

async function resolveKeys(policy: Policy, resolveSecret: SecretResolver): Promise<RedactionKeys> {
  const redaction = policy.redaction;
  // Without a configured salt, hashes and surrogates are stable for this guard's lifetime only.
  const salt = redaction.salt ? new TextEncoder().encode(await resolveSecret(redaction.salt)) : randomBytes(32);
  if (!redaction.encryptionKey) return { salt };
  const encryptionKey = await importAesKey(decodeKey(await resolveSecret(redaction.encryptionKey)));
  return { salt, encryptionKey };
}

async function restoreWith(core: GuardCore, text: string, conversationId: string): Promise<string> {
  const entries = await core.vault.read(conversationId);
  const restorer = createRestorer(entries);
  return restorer.push(text) + restorer.flush();
}

/** Runs one check: assessment, then redaction of the texts whose findings map to redact. */
export async function checkRequest(core: GuardCore, request: GuardRequest): Promise<Decision> {
  const started = core.clock();
  const { policy } = core;
  validateRequest(request);
  const prepared = core.prepared[request.stage];
  const base = {
    mode: policy.mode,
    stage: request.stage,
    policyId: policy.id,
    policyVersion: policy.policyVersion,
  } as const;
  if (!prepared) {
    return {
      ...base,
      action: 'allow',
      effective: 'allow',
      score: 0,
      scores: {},
      findings: [],
      errors: [],
      latencyMs: {},
      totalLatencyMs: core.clock() - started,
      ...(request.stage === 'retrieval' && request.documents
        ? {
            documents: request.documents.map(
              (document): DocumentDecision => ({
                id: document.id,
                ...(document.source === undefined ? {} : { source: document.source }),
                trust: 'standard',
                action: 'allow',
                verdict: 'keep',
                findingCount: 0,
              }),
            ),
          }
        : {}),
    };
  }
  const targets = targetsOf(request, policy);
  const assessment = await assess(prepared, request, targets, {
    policy,
    clock: core.clock,
    ...(core.onScannerRun ? { onScannerRun: core.onScannerRun } : {}),
  });

  const rewrite = new Map<number, string>();
  const replacements = new Map<AssessedFinding, string>();
  const redactionWanted =
    assessment.action === 'redact' ||
    assessment.action === 'review' ||
    (request.stage === 'retrieval' && assessment.action !== 'allow');
  if (redactionWanted && assessment.findings.some((item) => item.action === 'redact')) {
    // Read-modify-write of the conversation's numbering: serialised per conversation in this process.
    await core.withConversation(request.conversationId, async () => {
      const existing = request.conversationId ? await core.vault.read(request.conversationId) : [];
      const session = new RedactionSession({
        existing,
        operators: policy.redaction.operators,
        keys: core.keys,
        restorable: policy.redaction.reversible && request.stage !== 'output',
      });
      for (const [targetIndex, target] of targets.entries()) {
        const targetAction = assessment.targetActions[targetIndex] ?? 'allow';
        if (request.stage === 'retrieval' && targetAction !== 'redact') continue;
        const items = assessment.findings.filter((item) => item.target === target && item.action === 'redact');
        if (items.length === 0) continue;
        const redacted = await session.redact(
          target.text,
          items.map((item) => item.finding),
        );
        rewrite.set(targetIndex, redacted.text);
        for (const applied of redacted.applied) {
          const item = items.find((candidate) => candidate.finding === applied.finding);
          if (item) replacements.set(item, applied.replacement);
        }
      }
      const entries = session.newEntries();
      if (request.conversationId && entries.length > 0 && policy.redaction.reversible) {
        await core.vault.write(request.conversationId, entries, policy.redaction.ttlSeconds * 1000);
      }
    });
  }

  const findings: Finding[] = assessment.findings.map((item) => {
    const replacement = replacements.get(item);
    return replacement === undefined ? item.finding : { ...item.finding, replacement };
  });
  let score = 0;
  for (const value of Object.values(assessment.scores)) score = Math.max(score, value);

  const rewritten: {
    text?: string;
    messages?: ChatMessage[];
    call?: { name: string; arguments: string };
    result?: string;
  } = {};
  if (rewrite.size > 0) {
    if (request.messages && request.stage !== 'retrieval' && request.stage !== 'tool') {
      rewritten.messages = request.messages.map((message, index) => {
        const text = rewrite.get(index);
        return text === undefined ? message : { ...message, content: text };
      });
    } else if (request.stage === 'tool') {
      targets.forEach((target, index) => {
        const text = rewrite.get(index);
        if (text === undefined) return;
        if (target.kind === 'arguments' && request.call) rewritten.call = { name: request.call.name, arguments: text };
        if (target.kind === 'result') rewritten.result = text;
        if (target.kind === 'text') rewritten.text = text;
      });
    } else if (request.stage !== 'retrieval') {
      const text = rewrite.get(0);
      if (text !== undefined) rewritten.text = text;
    }
  }

  const documents =
    request.stage === 'retrieval'
      ? targets.map((target, index): DocumentDecision => {
          const action = assessment.targetActions[index] ?? 'allow';
          const text = rewrite.get(index);
          return {
            id: target.documentId ?? String(index),
            ...(target.source === undefined ? {} : { source: target.source }),
            trust: target.trust ?? 'standard',
            action,
            verdict: action === 'drop' || action === 'review' || action === 'block' ? 'drop' : 'keep',
            ...(text === undefined ? {} : { text }),
            findingCount: assessment.findings.filter((item) => item.target === target).length,
          };
        })
      : undefined;

  const decision: Decision = {
    ...base,
    action: assessment.action,
    effective: policy.mode === 'shadow' ? 'allow' : assessment.action,
    score,
    scores: assessment.scores,
    findings,
    errors: assessment.errors,
    latencyMs: assessment.latencyMs,
    totalLatencyMs: core.clock() - started,
    ...rewritten,
    ...(documents ? { documents } : {}),
    ...(assessment.reason === undefined ? {} : { reason: assessment.reason }),
    ...(assessment.uncertain.length > 0 ? { uncertain: assessment.uncertain } : {}),
  };
  return decision;
}

function validateRequest(request: GuardRequest): void {
  if (!stages.includes(request.stage)) {
    throw new GuardError('invalid-input', `stage must be one of ${stages.join(', ')}`);
  }
  if (request.stage === 'retrieval' && !request.documents) {
    throw new GuardError('invalid-input', 'the retrieval stage needs documents');
  }
  if (request.stage === 'tool' && !request.call && request.result === undefined && request.text === undefined) {
    throw new GuardError('invalid-input', 'the tool stage needs a call or a result');
  }
  if ((request.stage === 'input' || request.stage === 'output') && request.text === undefined && !request.messages) {
    throw new GuardError('invalid-input', `the ${request.stage} stage needs text or messages`);
  }
}

/** Wraps a vault so that its failures surface as `storage-failed` GuardErrors (never raw driver errors). */
function storageErrorsAsGuardErrors(vault: Vault): Vault {
  const wrap = (error: unknown): GuardError =>
    isGuardError(error) ? error : new GuardError('storage-failed', 'the redaction vault failed', { cause: error });
  return {
    read: (conversationId) => vault.read(conversationId).catch((error: unknown) => Promise.reject(wrap(error))),
    write: (conversationId, entries, ttlMs) =>
      vault.write(conversationId, entries, ttlMs).catch((error: unknown) => Promise.reject(wrap(error))),
    delete: (conversationId) => vault.delete(conversationId).catch((error: unknown) => Promise.reject(wrap(error))),
  };
}
