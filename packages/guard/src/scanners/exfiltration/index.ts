import { z } from 'zod';
import { defineScanner } from '../../scanner/define-scanner.js';
import type { Finding, ScanOutcome, Severity } from '../../scanner/types.js';
import { type ExtractedUrl, extractUrls, type UrlPlacement } from '../urls/extract-urls.js';
import { hostMatches } from '../urls/index.js';
import { type UrlDataSignal, urlDataSignals, wordsOf } from './url-data-signals.js';

const domainRule = z
  .string()
  .min(1)
  .regex(/^(?:\*\.)?[a-z0-9.-]+$|^\[[0-9a-f:.]+\]$/i, 'a host name, optionally prefixed with "*." for subdomains');

/**
 * Config of the `exfiltration` scanner.
 *
 * @example
 * ExfiltrationConfig.parse({ allowedDomains: ['example.com', '*.example.com'], externalLinks: 'flag' });
 */
export const ExfiltrationConfig = z
  .object({
    /** Minimum score for a finding (0..1). */
    threshold: z.number().min(0).max(1).default(0.5),
    /** Hosts URLs may point to: `example.com` (exact) or `*.example.com` (any subdomain). */
    allowedDomains: z.array(domainRule).default([]),
    /** Extra allowed hosts per tool name (tool stage, `context.toolName`). */
    toolDomains: z.record(z.string(), z.array(domainRule)).default({}),
    /** `flag`: every auto-loaded image/frame outside the allow-list; `data-only`: only those carrying data. */
    externalImages: z.enum(['flag', 'data-only']).default('flag'),
    /** `flag`: every link/bare URL outside the allow-list; `data-only` (default): only those carrying data. */
    externalLinks: z.enum(['flag', 'data-only']).default('data-only'),
    /** Words that must never leave in a URL (project names, customer ids…), besides the prompt's own words. */
    sensitiveTerms: z.array(z.string().min(1)).default([]),
    /** A query value or path segment at least this long counts as data. */
    maxValueLength: z.number().int().min(8).default(100),
  })
  .strict();
export type ExfiltrationConfig = z.infer<typeof ExfiltrationConfig>;

const autoLoaded = new Set<UrlPlacement>(['markdown-image', 'reference-image', 'html-image', 'html-frame']);

function categoryOf(placement: UrlPlacement, carriesData: boolean): string {
  if (placement === 'markdown-image' || placement === 'reference-image') return 'exfiltration.markdown-image';
  if (placement === 'html-image' || placement === 'html-frame') return 'exfiltration.html-image';
  if (placement === 'bare' && carriesData) return 'exfiltration.url-data';
  return 'exfiltration.link';
}

function severityOf(score: number): Severity {
  if (score >= 0.9) return 'critical';
  if (score >= 0.7) return 'high';
  if (score >= 0.5) return 'medium';
  return 'low';
}

function describe(placement: UrlPlacement, signals: readonly UrlDataSignal[]): string {
  const where = autoLoaded.has(placement) ? 'auto-loaded resource' : placement === 'bare' ? 'URL' : 'link';
  if (signals.length === 0) return `${where} points outside the allowed domains`;
  const kinds = [...new Set(signals.map((signal) => `${signal.kind} in ${signal.where}`))].join(', ');
  return `${where} outside the allowed domains carries data (${kinds})`;
}

/**
 * Finds data exfiltration channels in text a renderer or agent will act on: markdown images and
 * links (inline and reference-style), HTML `<img>`/`<iframe>`/`<a>` targets and bare URLs that
 * point outside the allowed domains or carry data (encoded blobs, secrets, words of the prompt).
 *
 * @example
 * const scanner = await exfiltrationScanner.create(ExfiltrationConfig.parse({ allowedDomains: ['*.example.com'] }));
 * await scanner.scan(context); // { category: 'exfiltration.markdown-image', severity: 'critical', … }
 */
export const exfiltrationScanner = defineScanner<ExfiltrationConfig>({
  id: 'exfiltration',
  description: 'Markdown/HTML images, links and URLs that leave the allowed domains or carry data out',
  stages: ['input', 'output', 'retrieval', 'tool'],
  engine: 'pattern',
  configSchema: ExfiltrationConfig,
  create(config) {
    const configuredWords = wordsOf(config.sensitiveTerms);
    return {
      scan(context): ScanOutcome {
        const toolDomains = context.toolName === undefined ? undefined : config.toolDomains[context.toolName];
        const allowed = toolDomains ? [...config.allowedDomains, ...toolDomains] : config.allowedDomains;
        // A tool with its own allow-list must not reach anything else: every other URL is flagged.
        const linkMode = context.stage === 'tool' && toolDomains ? 'flag' : config.externalLinks;
        const sensitiveWords = wordsOf([context.prompt, context.system]);
        for (const word of configuredWords) sensitiveWords.add(word);
        const findings: Finding[] = [];
        let highest = 0;
        for (const extracted of extractUrls(context.text)) {
          const score = scoreUrl(extracted, allowed, linkMode, config, sensitiveWords);
          if (!score) continue;
          highest = Math.max(highest, score.value);
          if (score.value < config.threshold) continue;
          const host = extracted.url?.hostname ?? '';
          findings.push({
            scanner: 'exfiltration',
            category: categoryOf(extracted.placement, score.signals.length > 0),
            severity: severityOf(score.value),
            score: score.value,
            span: extracted.span,
            message: describe(extracted.placement, score.signals),
            metadata: {
              placement: extracted.placement,
              host,
              signals: [...new Set(score.signals.map((signal) => signal.kind))].join(','),
            },
          });
        }
        return { findings, score: highest };
      },
    };
  },
});

function scoreUrl(
  extracted: ExtractedUrl,
  allowed: readonly string[],
  linkMode: 'flag' | 'data-only',
  config: ExfiltrationConfig,
  sensitiveWords: ReadonlySet<string>,
): { value: number; signals: readonly UrlDataSignal[] } | undefined {
  const url = extracted.url;
  if (!url || url.hostname === '' || !/^(?:https?|ftps?|wss?):$/.test(url.protocol)) return undefined;
  if (hostMatches(url.hostname, allowed)) return undefined;
  const signals = urlDataSignals(url, { sensitiveWords, maxValueLength: config.maxValueLength });
  const data = signals.reduce((highest, signal) => Math.max(highest, signal.score), 0);
  const meaningful = signals.filter((signal) => signal.score >= 0.5);
  // A host cut off at the end of a streaming window may still become an allowed one: judge only
  // the data it carries until the rest arrives (an unclosed markdown image does not render anyway).
  const nameCounts = !extracted.truncated;
  if (autoLoaded.has(extracted.placement)) {
    // Renderers fetch images without a click: an external image is a zero-click channel.
    const base = config.externalImages === 'flag' && nameCounts ? 0.7 : 0;
    return { value: Math.min(1, Math.max(base + 0.3 * data, data)), signals: meaningful };
  }
  const base = linkMode === 'flag' && nameCounts ? 0.5 : 0;
  return { value: Math.max(base, data * 0.9), signals: meaningful };
}
