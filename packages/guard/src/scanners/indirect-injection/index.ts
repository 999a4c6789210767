import { z } from 'zod';
import { loadIndirectInjectionModel } from '../../models/indirect-injection/index.js';
import { loadInjectionModel } from '../../models/injection/index.js';
import type { LinearClassifier } from '../../models/shared/linear-classifier.js';
import { defineScanner } from '../../scanner/define-scanner.js';
import type { Finding, ScanOutcome } from '../../scanner/types.js';
import type { TextView } from '../../text/text-view.js';
import { scanBounded, scanForInjection, severityOfScore } from '../prompt-injection/index.js';
import { documentSignatures, findHiddenContent } from './document-signatures.js';

/** Config of the `indirect-injection` scanner. */
export const IndirectInjectionConfig = z
  .object({
    /** Minimum calibrated classifier score for a finding (0..1). Default: the model's threshold. */
    threshold: z.number().min(0).max(1).optional(),
    /** Minimum score for signature and hidden-content findings. */
    signatureThreshold: z.number().min(0).max(1).default(0.7),
    signatures: z.boolean().default(true),
    model: z.boolean().default(true),
    views: z.boolean().default(true),
    /** Look for hidden HTML/markdown comments, CSS-hidden elements and zero-width runs. */
    hiddenContent: z.boolean().default(true),
    /** Also run the prompt-injection classifier on documents (max wins): more recall on direct-style payloads, more false positives. */
    promptModel: z.boolean().default(false),
    /** Also report hidden content that carries no instruction (score 0.3, below the default threshold). */
    reportAllHiddenContent: z.boolean().default(false),
    categories: z.array(z.string().regex(/^injection\.[a-z-]+$/)).default([]),
    maxFindings: z.number().int().min(1).max(1000).default(20),
    /** Documents longer than this are analysed as head + tail + evenly spaced slices. */
    maxCharacters: z.number().int().min(1000).max(10_000_000).default(65_536),
  })
  .strict();
export type IndirectInjectionConfig = z.infer<typeof IndirectInjectionConfig>;

/**
 * The configured indirect-injection detector as a plain function.
 *
 * @example
 * const scan = await createIndirectInjectionDetector(IndirectInjectionConfig.parse({}));
 * scan(documentText, buildViews(documentText)).findings;
 */
export async function createIndirectInjectionDetector(
  config: IndirectInjectionConfig,
  classifier?: LinearClassifier,
  promptClassifier?: LinearClassifier,
): Promise<(text: string, views: readonly TextView[]) => ScanOutcome> {
  const model = config.model ? (classifier ?? (await loadIndirectInjectionModel())) : null;
  // Injected documents often contain direct-injection language: the prompt model competes (max wins).
  const secondary = config.model && config.promptModel ? (promptClassifier ?? (await loadInjectionModel())) : null;
  const threshold = config.threshold ?? model?.metadata.threshold ?? 0.75;
  const settings = {
    scanner: 'indirect-injection',
    threshold,
    signatureThreshold: config.signatureThreshold,
    classifier: model,
    secondaryClassifier: secondary,
    signatures: config.signatures,
    views: config.views,
    metaDiscussion: true,
    categories: config.categories,
    maxFindings: config.maxFindings,
    extraSignatures: documentSignatures,
  };
  return (text, views) => {
    const outcome = scanForInjection(text, views, settings);
    if (!config.hiddenContent) return outcome;
    let score = outcome.score ?? 0;
    const findings: Finding[] = [...outcome.findings];
    for (const hidden of findHiddenContent(text)) {
      const hiddenScore = hidden.instruction ? 0.9 : 0.3;
      score = Math.max(score, hiddenScore);
      if (hiddenScore < config.signatureThreshold && !config.reportAllHiddenContent) continue;
      if (config.categories.length > 0 && !config.categories.includes('injection.hidden-comment')) continue;
      findings.push({
        scanner: 'indirect-injection',
        category: 'injection.hidden-comment',
        severity: severityOfScore(hiddenScore),
        score: hiddenScore,
        span: hidden.span,
        message: hidden.instruction
          ? `instruction hidden in ${hidden.kind.replace('-', ' ')}`
          : `hidden content (${hidden.kind.replace('-', ' ')}) without instruction cues`,
        metadata: { source: 'structure', rule: `hidden.${hidden.kind}`, view: 'original' },
      });
    }
    findings.sort((left, right) => (right.score ?? 0) - (left.score ?? 0));
    return { findings: findings.slice(0, config.maxFindings), score: Math.round(score * 1000) / 1000 };
  };
}

/**
 * Indirect prompt injection in data that reaches the model: retrieved documents, emails, web
 * pages, tool results and code comments. Finds instructions addressed to the AI, hidden
 * comments/markup, markdown-image and link exfiltration, tool-call hijacks and out-of-place
 * instructions (signatures + a classifier trained on injected vs clean documents, windowed so an
 * instruction buried in a long document is not diluted).
 *
 * @example
 * const scanner = await indirectInjectionScanner.create(IndirectInjectionConfig.parse({}));
 * const { findings } = await scanner.scan({ ...context, stage: 'retrieval' });
 */
export const indirectInjectionScanner = defineScanner<IndirectInjectionConfig>({
  id: 'indirect-injection',
  description:
    'Injected instructions in retrieved documents and tool results (signatures, hidden content, offline classifier)',
  stages: ['retrieval', 'tool'],
  engine: 'model',
  needsFullText: true,
  configSchema: IndirectInjectionConfig,
  async create(config) {
    const detect = await createIndirectInjectionDetector(config);
    return { scan: (context) => scanBounded(detect, context.text, context.views, config.maxCharacters) };
  },
});
