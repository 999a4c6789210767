import type { z } from 'zod';
import type { TextView } from '../text/text-view.js';

/** Where in the request/answer flow a scan happens. */
export type Stage = 'input' | 'output' | 'retrieval' | 'tool';

/** All stages, in flow order. */
export const stages: readonly Stage[] = ['input', 'output', 'retrieval', 'tool'];

/** How bad a finding is. */
export type Severity = 'low' | 'medium' | 'high' | 'critical';

/** Severities from least to most severe. */
export const severities: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

/**
 * What the pipeline does with a text. Precedence: block > review > drop > redact > allow.
 * `drop` removes one retrieved document (retrieval stage) and acts like `allow` elsewhere.
 */
export type Action = 'allow' | 'redact' | 'drop' | 'review' | 'block';

/** Actions from weakest to strongest. */
export const actionPrecedence: readonly Action[] = ['allow', 'redact', 'drop', 'review', 'block'];

/** A half-open range of UTF-16 code units in the ORIGINAL text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** One thing a scanner found. Messages never echo the secret or PII itself. */
export interface Finding {
  /** Registry id of the scanner: `pii`, `prompt-injection`. */
  readonly scanner: string;
  /** Dotted category: `pii.email`, `injection.override`. */
  readonly category: string;
  readonly severity: Severity;
  /** 0..1 confidence for probabilistic detectors. */
  readonly score?: number;
  /** Where, in the original text. */
  readonly span?: Span;
  /** Entity type for redaction placeholders (`EMAIL`, `PERSON`). */
  readonly entity?: string;
  /** Set by the pipeline when the span was redacted: `<EMAIL_1>`. */
  readonly replacement?: string;
  /** Human-readable, secret-free explanation. */
  readonly message: string;
  /** Extra secret-free facts: matched example id, similarity, document id, view kind. */
  readonly metadata?: Readonly<Record<string, string | number | boolean>>;
}

/** A retrieved document or context chunk. */
export interface ContextDocument {
  readonly id: string;
  readonly text: string;
  readonly source?: string;
}

/** What a scanner sees. `views()` is computed once per text and shared by all scanners. */
export interface ScanContext {
  readonly text: string;
  readonly stage: Stage;
  /** Aborted when the scanner's timeout elapses or the request is cancelled. */
  readonly signal: AbortSignal;
  /** Normalised and decoded views of `text`, each mapping offsets back to `text`. */
  views(): readonly TextView[];
  /** Chat role of the message being scanned, when known. */
  readonly role?: 'system' | 'user' | 'assistant' | 'tool';
  /** The system prompt (output stage: prompt-leak). */
  readonly system?: string;
  /** Context documents supplied by the caller (output stage: groundedness). */
  readonly documents?: readonly ContextDocument[];
  /** The canary token inserted in the system prompt, if any. */
  readonly canary?: string;
  /** The user prompt that produced this answer (output stage). */
  readonly prompt?: string;
  /** Tool name for the tool stage. */
  readonly toolName?: string;
  /** Source of a retrieved document (retrieval stage). */
  readonly source?: string;
}

/** What one scan returns. */
export interface ScanOutcome {
  /** Only what crossed the scanner's thresholds. */
  readonly findings: readonly Finding[];
  /** Highest raw detector score (0..1) even when below every threshold, for ROC curves. */
  readonly score?: number;
}

/** A configured scanner instance. */
export interface Scanner {
  scan(context: ScanContext): ScanOutcome | Promise<ScanOutcome>;
  close?(): Promise<void>;
}

/** How a scanner detects: used for docs and to pick streaming behaviour. */
export type ScannerEngine = 'pattern' | 'model' | 'heuristic' | 'remote';

/** A scanner type: metadata, config schema and a factory. Registered explicitly. */
export interface ScannerDefinition<Config = unknown> {
  readonly id: string;
  readonly description: string;
  readonly stages: readonly Stage[];
  readonly engine: ScannerEngine;
  /** The scanner needs the whole text: streaming guard switches to buffer mode. */
  readonly needsFullText?: boolean;
  readonly configSchema: z.ZodType<Config>;
  /** Called once when a policy loads, with validated config. */
  create(config: Config): Scanner | Promise<Scanner>;
}
