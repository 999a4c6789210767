import { z } from 'zod';
import { loadInjectionModel } from '../../models/injection/index.js';
import type { LinearClassifier } from '../../models/shared/linear-classifier.js';
import { defineScanner } from '../../scanner/define-scanner.js';
import type { Finding, ScanOutcome, Severity } from '../../scanner/types.js';
import { buildViews } from '../../text/build-views.js';
import type { TextView } from '../../text/text-view.js';
import { detectInjection, type InjectionSignal } from './detect-injection.js';
import type { InjectionCategory, InjectionSignature } from './injection-signatures.js';
import { sampleLongText } from './sample-long-text.js';

/** Config of the `prompt-injection` scanner. */
export const PromptInjectionConfig = z
  .object({
    /** Minimum calibrated classifier score for a finding (0..1). Default: the model's threshold (1% FPR on its calibration split). */
    threshold: z.number().min(0).max(1).optional(),
    /** Minimum score for a signature finding (signature scores are fixed per rule, 0.7–0.95 for standalone rules). */
    signatureThreshold: z.number().min(0).max(1).default(0.7),
    /** Use the precise signatures. */
    signatures: z.boolean().default(true),
    /** Use the learned classifier. */
    model: z.boolean().default(true),
    /** Also scan decoded/folded views (base64, hex, rot13, URL, leet, spaced letters, homoglyphs). */
    views: z.boolean().default(true),
    /** Discount attack phrases quoted inside questions/discussions about attacks. */
    metaDiscussion: z.boolean().default(true),
    /** Categories to report (empty = all). */
    categories: z.array(z.string().regex(/^injection\.[a-z-]+$/)).default([]),
    /** At most this many findings per text. */
    maxFindings: z.number().int().min(1).max(1000).default(20),
    /** Texts longer than this are analysed as head + tail + evenly spaced slices (bounded time on huge inputs). */
    maxCharacters: z.number().int().min(1000).max(10_000_000).default(32_768),
  })
  .strict();
export type PromptInjectionConfig = z.infer<typeof PromptInjectionConfig>;

const categoryNames: Readonly<Record<InjectionCategory, string>> = {
  'injection.override': 'instruction override',
  'injection.prompt-extraction': 'system-prompt extraction',
  'injection.persona': 'persona / DAN-style jailbreak',
  'injection.developer-mode': '"developer mode" jailbreak',
  'injection.fiction-framing': 'fictional or hypothetical framing of a forbidden request',
  'injection.refusal-suppression': 'refusal suppression',
  'injection.transcript-spoofing': 'fake system/assistant turns or chat-template tokens',
  'injection.payload-splitting': 'payload splitting',
  'injection.obfuscated': 'obfuscated (encoded or folded) injection',
  'injection.exfiltration': 'data exfiltration instruction',
  'injection.tool-hijack': 'tool-call hijack',
  'injection.hidden-comment': 'instruction hidden in a comment or invisible markup',
  'injection.addressed-to-ai': 'instruction addressed to the AI inside data',
  'injection.classifier': 'injection (learned classifier)',
};

/**
 * Severity from a calibrated score.
 *
 * @example
 * severityOfScore(0.95) // 'high'
 */
export function severityOfScore(score: number): Severity {
  if (score >= 0.9) return 'high';
  if (score >= 0.7) return 'medium';
  return 'low';
}

/** Everything a configured injection detector needs besides the text. */
export interface InjectionScanSettings {
  readonly scanner: string;
  /** Threshold for classifier findings. */
  readonly threshold: number;
  /** Threshold for signature (and structural) findings. */
  readonly signatureThreshold: number;
  readonly classifier: LinearClassifier | null;
  readonly secondaryClassifier?: LinearClassifier | null;
  readonly signatures: boolean;
  readonly views: boolean;
  readonly metaDiscussion: boolean;
  readonly categories: readonly string[];
  readonly maxFindings: number;
  readonly extraSignatures?: readonly InjectionSignature[];
}

/**
 * Turns detector signals into findings: one per category and span (highest score wins), only at
 * or above the threshold, strongest first; `score` is the highest raw score even below it.
 *
 * @example
 * const outcome = scanForInjection(text, views, settings);
 */
export function scanForInjection(
  text: string,
  views: readonly TextView[],
  settings: InjectionScanSettings,
): ScanOutcome {
  const detection = detectInjection(text, views, {
    classifier: settings.classifier,
    secondaryClassifier: settings.secondaryClassifier ?? null,
    signatures: settings.signatures,
    views: settings.views,
    metaDiscussion: settings.metaDiscussion,
    ...(settings.extraSignatures ? { extraSignatures: settings.extraSignatures } : {}),
  });
  const kept = new Map<string, InjectionSignal>();
  for (const signal of detection.signals) {
    if (signal.score < (signal.source === 'model' ? settings.threshold : settings.signatureThreshold)) continue;
    if (settings.categories.length > 0 && !settings.categories.includes(signal.category)) continue;
    const key = `${signal.category}:${signal.span.start}:${signal.span.end}`;
    const previous = kept.get(key);
    if (!previous || previous.score < signal.score) kept.set(key, signal);
  }
  const findings: Finding[] = [...kept.values()]
    .sort((left, right) => right.score - left.score || left.span.start - right.span.start)
    .slice(0, settings.maxFindings)
    .map((signal) => ({
      scanner: settings.scanner,
      category: signal.category,
      severity: severityOfScore(signal.score),
      score: Math.round(signal.score * 1000) / 1000,
      span: signal.span,
      message: `${categoryNames[signal.category]} (${signal.source === 'model' ? 'classifier' : `signature ${signal.rule}`}${signal.view === 'original' ? '' : `, ${signal.view} view`})`,
      metadata: { source: signal.source, rule: signal.rule, view: signal.view },
    }));
  // With categories filtered, report the highest score among what could be reported.
  return { findings, score: Math.round(detection.score * 1000) / 1000 };
}

/**
 * Runs a detector on a text within a character budget: short texts use the shared views; long
 * ones are sampled ({@link sampleLongText}) and their spans mapped back to the original.
 *
 * @example
 * scanBounded(detect, context.text, context.views, 32_768);
 */
export function scanBounded(
  detect: (text: string, views: readonly TextView[]) => ScanOutcome,
  text: string,
  views: () => readonly TextView[],
  maxCharacters: number,
): ScanOutcome {
  if (text.length <= maxCharacters) return detect(text, views());
  const sample = sampleLongText(text, maxCharacters);
  const outcome = detect(sample.text, buildViews(sample.text));
  return {
    score: outcome.score ?? 0,
    findings: outcome.findings.map((finding) => ({
      ...finding,
      ...(finding.span ? { span: sample.toOriginal(finding.span) } : {}),
      metadata: { ...(finding.metadata ?? {}), sampled: true },
    })),
  };
}

/**
 * The configured detector as a plain function (used by the scanner, evaluation and benchmarks).
 *
 * @example
 * const scan = await createPromptInjectionDetector(PromptInjectionConfig.parse({}));
 * scan(text, buildViews(text)).score;
 */
export async function createPromptInjectionDetector(
  config: PromptInjectionConfig,
  classifier?: LinearClassifier,
): Promise<(text: string, views: readonly TextView[]) => ScanOutcome> {
  const model = config.model ? (classifier ?? (await loadInjectionModel())) : null;
  const settings: InjectionScanSettings = {
    scanner: 'prompt-injection',
    threshold: config.threshold ?? model?.metadata.threshold ?? 0.75,
    signatureThreshold: config.signatureThreshold,
    classifier: model,
    signatures: config.signatures,
    views: config.views,
    metaDiscussion: config.metaDiscussion,
    categories: config.categories,
    maxFindings: config.maxFindings,
  };
  return (text, views) => scanForInjection(text, views, settings);
}

/**
 * Prompt injection and jailbreak detection for user prompts: instruction overrides, system-prompt
 * extraction, persona/DAN, developer mode, fictional framing, refusal suppression, transcript
 * spoofing, payload splitting and obfuscated payloads, in many languages. Layered: text views,
 * precise signatures and a learned classifier shipped with the package (offline).
 *
 * @example
 * const scanner = await promptInjectionScanner.create(PromptInjectionConfig.parse({}));
 * const { findings, score } = await scanner.scan(context);
 */
export const promptInjectionScanner = defineScanner<PromptInjectionConfig>({
  id: 'prompt-injection',
  description: 'Prompt injection and jailbreaks in user prompts (signatures + offline classifier, multilingual)',
  stages: ['input'],
  engine: 'model',
  configSchema: PromptInjectionConfig,
  async create(config) {
    const detect = await createPromptInjectionDetector(config);
    return { scan: (context) => scanBounded(detect, context.text, context.views, config.maxCharacters) };
  },
});
