import type { GuardErrorCode } from '../errors.js';
import type { ChatRole, TrustLevel } from '../policy/policy-schema.js';
import type { Action, ContextDocument, Finding, Stage } from '../scanner/types.js';

/** A chat message as the pipeline sees it (content already flattened to text). */
export interface ChatMessage {
  readonly role: ChatRole;
  readonly content: string;
  readonly name?: string;
}

/** A tool call going out to a tool. */
export interface ToolCall {
  readonly name: string;
  /** The JSON arguments as the model produced them (a string, possibly invalid JSON). */
  readonly arguments: string;
}

/** What to check. Which fields are read depends on the stage. */
export interface GuardRequest {
  readonly stage: Stage;
  /** input/output: the text (a prompt or an answer). */
  readonly text?: string;
  /** input: the chat role of `text`; scanners whose `roles` exclude it skip the text. */
  readonly role?: ChatRole;
  /** input: chat messages; each message a scanner's `roles` selects is scanned on its own. */
  readonly messages?: readonly ChatMessage[];
  /** retrieval: documents scanned one by one; output: context for groundedness. */
  readonly documents?: readonly ContextDocument[];
  /** tool: the call going out. */
  readonly call?: ToolCall;
  /** tool: the result coming back. */
  readonly result?: string;
  /** tool: name of the tool whose result this is when `call` is absent. */
  readonly toolName?: string;
  /** output: the system prompt (prompt-leak). */
  readonly system?: string;
  /** output: the user prompt that produced the answer. */
  readonly prompt?: string;
  /** output: canary token inserted into the system prompt. */
  readonly canary?: string;
  /** Scope of reversible placeholders; same value → same placeholder within it. */
  readonly conversationId?: string;
  /** Cancels the check; running scanners see it through their own signal. */
  readonly signal?: AbortSignal;
}

/** A scanner that failed to run (distinct from a scanner that tripped). */
export interface ScannerError {
  readonly scanner: string;
  readonly code: GuardErrorCode;
  readonly message: string;
}

/** The retrieval stage's verdict on one document. */
export interface DocumentDecision {
  readonly id: string;
  readonly source?: string;
  readonly trust: TrustLevel;
  /** The strongest action this document's findings map to. */
  readonly action: Action;
  /** `drop` when the action is drop or stronger; kept documents may carry redacted `text`. */
  readonly verdict: 'keep' | 'drop';
  /** Redacted text when the document is kept and redacted. */
  readonly text?: string;
  readonly findingCount: number;
}

/** The result of `guard.check`. */
export interface Decision {
  /** What the policy decided. */
  readonly action: Action;
  /** What the caller must do: `allow` in shadow mode, otherwise `action`. */
  readonly effective: Action;
  readonly mode: 'enforce' | 'shadow';
  readonly stage: Stage;
  /** Highest raw score of any scanner (0..1), even when below every threshold. */
  readonly score: number;
  /** Highest raw score per scanner name. */
  readonly scores: Readonly<Record<string, number>>;
  /** What crossed a threshold. Findings of other texts than `text` carry metadata `target`, `index`, `documentId`. */
  readonly findings: readonly Finding[];
  /** Scanners that failed to run. */
  readonly errors: readonly ScannerError[];
  /** Milliseconds per scanner name (the longest call when a scanner ran on several texts). */
  readonly latencyMs: Readonly<Record<string, number>>;
  readonly totalLatencyMs: number;
  /** Redacted text (`text` requests) when the action is redact or review. Forward it only when `effective` is redact. */
  readonly text?: string;
  /** Redacted messages (`messages` requests) when the action is redact or review. */
  readonly messages?: readonly ChatMessage[];
  /** Tool stage: the call with redacted arguments, when they were redacted. */
  readonly call?: ToolCall;
  /** Tool stage: the redacted tool result, when it was redacted. */
  readonly result?: string;
  /** Scanners whose raw score fell in an uncertainty band (`scoreBetween` rules). */
  readonly uncertain?: readonly { scanner: string; score: number; band: readonly [number, number] }[];
  /** Retrieval: per-document verdicts, in request order. */
  readonly documents?: readonly DocumentDecision[];
  /** Secret-free explanation for block/review/drop. */
  readonly reason?: string;
  readonly policyId: string;
  readonly policyVersion: string;
}
