import { z } from 'zod';
import { defineScanner } from '../../scanner/define-scanner.js';
import type { Finding, ScanOutcome, Severity } from '../../scanner/types.js';
import { decodePunycode } from './decode-punycode.js';
import { type ExtractedUrl, extractUrls } from './extract-urls.js';
import { hostSkeleton, labelScripts, popularBrands } from './host-skeleton.js';

/**
 * Config of the `urls` scanner.
 *
 * @example
 * UrlsConfig.parse({ allowedHosts: ['10.0.0.5'], brands: ['acme'] });
 */
export const UrlsConfig = z
  .object({
    /** Minimum score for a finding (0..1). Punycode alone scores 0.5, IP literals 0.7+, homographs 0.9+. */
    threshold: z.number().min(0).max(1).default(0.5),
    /** Hosts never reported (exact, or `*.example.com` for any subdomain). */
    allowedHosts: z.array(z.string().min(1)).default([]),
    /** Extra brand labels to protect from look-alikes (`acme` protects against `аcme`, `acrne`). */
    brands: z.array(z.string().regex(/^[a-z0-9-]+$/)).default([]),
    /** Schemes reported as `url.scheme`. */
    schemes: z.array(z.string().regex(/^[a-z][a-z0-9+.-]*$/)).default(['javascript', 'vbscript', 'livescript', 'data']),
  })
  .strict();
export type UrlsConfig = z.infer<typeof UrlsConfig>;

interface Signal {
  readonly category: string;
  readonly severity: Severity;
  readonly score: number;
  readonly message: string;
  readonly metadata: Record<string, string | number | boolean>;
}

/**
 * True when `host` matches one of the patterns: exact host, or `*.example.com` for any subdomain.
 *
 * @example
 * hostMatches('cdn.example.com', ['*.example.com']); // true
 */
export function hostMatches(host: string, patterns: readonly string[]): boolean {
  const normalised = host.toLowerCase().replace(/\.$/, '');
  return patterns.some((pattern) => {
    const rule = pattern.toLowerCase().replace(/\.$/, '');
    if (rule.startsWith('*.')) return normalised.endsWith(rule.slice(1)) && normalised.length > rule.length - 1;
    return normalised === rule;
  });
}

function rawHost(target: string): string {
  const afterScheme = target.replace(/^[a-z][a-z0-9+.-]{0,30}:/i, '').replace(/^[\\/]{0,8}/, '');
  const authority = afterScheme.split(/[/?#\\]/, 1)[0] ?? '';
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d*$/, '');
}

function ipForm(host: string): string {
  if (host.startsWith('[')) return 'ipv6';
  if (/^\d+$/.test(host)) return 'decimal';
  if (/0x/i.test(host)) return 'hex';
  if (/(?:^|\.)0\d/.test(host)) return 'octal';
  if (host.split('.').length < 4) return 'short';
  return 'dotted';
}

function ipv4Range(octets: readonly number[]): 'metadata' | 'private' | 'public' {
  const [first = 0, second = 0, third = 0, fourth = 0] = octets;
  if (first === 169 && second === 254 && third === 169 && fourth === 254) return 'metadata';
  if (first === 127 || first === 10 || first === 0) return 'private';
  if (first === 169 && second === 254) return 'private';
  if (first === 172 && second >= 16 && second <= 31) return 'private';
  if (first === 192 && second === 168) return 'private';
  if (first === 100 && second >= 64 && second <= 127) return 'private';
  return 'public';
}

function ipv6Range(host: string): 'metadata' | 'private' | 'public' {
  const address = host.slice(1, -1).toLowerCase();
  if (address === '::1' || address === '::' || /^f[cd]/.test(address) || /^fe[89ab]/.test(address)) return 'private';
  if (address === 'fd00:ec2::254') return 'metadata';
  const mapped = /^::ffff:(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
  if (mapped) return ipv4Range(mapped.slice(1).map(Number));
  const mappedHex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(address);
  if (mappedHex) {
    const high = Number.parseInt(mappedHex[1] ?? '0', 16);
    const low = Number.parseInt(mappedHex[2] ?? '0', 16);
    return ipv4Range([high >> 8, high & 255, low >> 8, low & 255]);
  }
  return 'public';
}

function ipSignal(url: URL, target: string): Signal | undefined {
  const host = url.hostname;
  const ipv4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!ipv4 && !host.startsWith('[')) return undefined;
  const range = ipv4 ? ipv4Range(ipv4.slice(1).map(Number)) : ipv6Range(host);
  const form = ipForm(rawHost(target));
  const obfuscated = form === 'decimal' || form === 'hex' || form === 'octal' || form === 'short';
  const score = range === 'metadata' ? 1 : range === 'private' ? 0.9 : obfuscated ? 0.9 : 0.7;
  return {
    category: 'url.ip-literal',
    severity: range === 'metadata' ? 'critical' : range === 'private' || obfuscated ? 'high' : 'medium',
    score,
    message: `URL host is an IP address (${form} form, ${range} range)`,
    metadata: { form, range },
  };
}

const secondLevelSuffixes = new Set(['co', 'com', 'net', 'org', 'gov', 'ac', 'edu', 'ne', 'or', 'go']);

/** The registrable domain (`example.co.uk`), approximated without the full public-suffix list. */
function registrableDomain(labels: readonly string[]): string {
  const secondLevel = labels[labels.length - 2] ?? '';
  const topLevel = labels[labels.length - 1] ?? '';
  const count = topLevel.length === 2 && secondLevelSuffixes.has(secondLevel) ? 3 : 2;
  return labels.slice(-count).join('.');
}

function hostSignals(url: URL, brandSkeletons: ReadonlyMap<string, string>): Signal[] {
  const signals: Signal[] = [];
  const labels = url.hostname.toLowerCase().split('.');
  const registrable = registrableDomain(labels);
  let punycode = false;
  for (const [index, label] of labels.entries()) {
    const isTopLevel = index === labels.length - 1;
    const unicode = label.startsWith('xn--') ? decodePunycode(label.slice(4)) : label;
    if (label.startsWith('xn--')) punycode = true;
    if (unicode === undefined) continue;
    const scripts = labelScripts(unicode);
    if (scripts.length > 1) {
      signals.push({
        category: 'url.homograph',
        severity: 'high',
        score: 0.95,
        message: `domain label mixes look-alike scripts (${scripts.join('+')})`,
        metadata: { scripts: scripts.join('+'), label: index },
      });
      continue;
    }
    if (isTopLevel) continue;
    const skeleton = hostSkeleton(unicode);
    const brand = brandSkeletons.get(skeleton);
    if (brand !== undefined && unicode !== brand) {
      signals.push({
        category: 'url.homograph',
        severity: 'high',
        score: 0.9,
        message: `domain label looks like the brand "${brand}"`,
        metadata: { brand, script: scripts[0] ?? 'none' },
      });
    } else if (brand !== undefined && !registrable.startsWith(`${brand}.`)) {
      signals.push({
        category: 'url.deceptive-subdomain',
        severity: 'medium',
        score: 0.6,
        message: `brand "${brand}" used as a subdomain of another domain`,
        metadata: { brand },
      });
    }
  }
  if (punycode && !signals.some((signal) => signal.category === 'url.homograph')) {
    signals.push({
      category: 'url.punycode',
      severity: 'low',
      score: 0.5,
      message: 'domain uses punycode (internationalised) labels',
      metadata: {},
    });
  }
  return signals;
}

function schemeSignal(extracted: ExtractedUrl, schemes: ReadonlySet<string>): Signal | undefined {
  const scheme = /^([a-z][a-z0-9+.-]{0,30}):/i.exec(extracted.target)?.[1]?.toLowerCase();
  if (!scheme || !schemes.has(scheme)) return undefined;
  const executable =
    scheme !== 'data' ||
    /^data:(?:text\/html|image\/svg|application\/(?:x-)?javascript|text\/javascript)/i.test(extracted.target);
  return {
    category: 'url.scheme',
    severity: executable ? 'high' : 'medium',
    score: executable ? 0.95 : 0.6,
    message: `URL uses the "${scheme}:" scheme${executable ? ' (can run script)' : ''}`,
    metadata: { scheme },
  };
}

function credentialSignal(url: URL): Signal | undefined {
  if (url.password === '' && url.username === '') return undefined;
  const withPassword = url.password !== '';
  return {
    category: 'url.credentials',
    severity: withPassword ? 'high' : 'low',
    score: withPassword ? 0.9 : 0.3,
    message: withPassword ? 'URL embeds a username and password' : 'URL embeds a username',
    metadata: { password: withPassword },
  };
}

/**
 * Flags suspicious URLs: IP-literal hosts (also decimal/hex/octal), punycode and homograph
 * domains, look-alikes of popular brands, script-capable schemes and embedded credentials.
 *
 * @example
 * const scanner = await urlsScanner.create(UrlsConfig.parse({}));
 * await scanner.scan(context); // findings like { category: 'url.ip-literal', span, … }
 */
export const urlsScanner = defineScanner<UrlsConfig>({
  id: 'urls',
  description: 'Suspicious URLs: IP-literal hosts, punycode/homograph domains, script schemes, embedded credentials',
  stages: ['input', 'output', 'retrieval', 'tool'],
  engine: 'pattern',
  configSchema: UrlsConfig,
  create(config) {
    const schemes = new Set(config.schemes);
    const brandSkeletons = new Map<string, string>();
    for (const brand of [...popularBrands, ...config.brands]) brandSkeletons.set(hostSkeleton(brand), brand);
    return {
      scan(context): ScanOutcome {
        const findings: Finding[] = [];
        let score = 0;
        for (const extracted of extractUrls(context.text)) {
          const signals: Signal[] = [];
          const scheme = schemeSignal(extracted, schemes);
          if (scheme) signals.push(scheme);
          const url = extracted.url;
          if (url && url.hostname !== '' && !hostMatches(url.hostname, config.allowedHosts)) {
            const ip = ipSignal(url, extracted.target);
            // A cut-off host ("http://123" of "http://123movies.com") parses as an IP address.
            const partialIp =
              ip && extracted.truncated && !/^(?:\d{1,3}\.){3}\d{1,3}$|^\[.*\]$/.test(rawHost(extracted.target));
            if (ip && !partialIp) signals.push(ip);
            else if (!ip) signals.push(...hostSignals(url, brandSkeletons));
            const credentials = credentialSignal(url);
            if (credentials) signals.push(credentials);
          }
          for (const signal of signals) {
            score = Math.max(score, signal.score);
            if (signal.score < config.threshold) continue;
            findings.push({
              scanner: 'urls',
              category: signal.category,
              severity: signal.severity,
              score: signal.score,
              span: extracted.span,
              message: signal.message,
              metadata: { ...signal.metadata, placement: extracted.placement },
            });
          }
        }
        return { findings, score };
      },
    };
  },
});
