import type { Policy } from '../policy/policy.js';
import type { Finding } from '../scanner/types.js';
import type { ToolCall } from './decision.js';

const schemeCharacter = /[A-Za-z0-9+.-]/;
const urlCharacter = /[^\s"'<>\\`]/;
const localCharacter = /[A-Za-z0-9._%+-]/;
const domainCharacter = /[A-Za-z0-9.-]/;
const hostnamePattern = /^[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})*\.[a-z]{2,63}$/;

/**
 * The built-in tool-stage checks (scanner name `tool-policy`): denied tools and argument hosts outside
 * the tool's `allowedDomains`. Hosts are read from the JSON-decoded string values (so `https:\/\/` escapes
 * do not evade) and from the raw text when the arguments are not JSON.
 *
 * @example
 * checkToolCall({ name: 'fetch', arguments: '{"url":"https://evil.test/x"}' }, toolPolicy);
 */
export function checkToolCall(
  call: ToolCall,
  policy: Pick<NonNullable<Policy['tool']>, 'tools'> | undefined,
): Finding[] {
  const rule = policy?.tools[call.name] ?? policy?.tools['*'];
  if (!rule) return [];
  if (!rule.allow) {
    return [
      {
        scanner: 'tool-policy',
        category: 'tool.denied',
        severity: 'critical',
        message: `the policy does not allow calls to tool "${call.name}"`,
        metadata: { target: 'arguments', tool: call.name },
      },
    ];
  }
  if (!rule.allowedDomains) return [];
  const allowed = rule.allowedDomains.map((domain) => domain.toLowerCase().replace(/\.$/, ''));
  const findings: Finding[] = [];
  const reported = new Set<string>();
  for (const host of hostsIn(call.arguments)) {
    if (reported.has(host) || isAllowedHost(host, allowed)) continue;
    reported.add(host);
    const start = call.arguments.toLowerCase().indexOf(host);
    findings.push({
      scanner: 'tool-policy',
      category: 'tool.domain-not-allowed',
      severity: 'high',
      message: `an argument of tool "${call.name}" names a host outside its allow-list`,
      ...(start >= 0 ? { span: { start, end: start + host.length } } : {}),
      metadata: { target: 'arguments', tool: call.name, host },
    });
  }
  return findings;
}

/** True when `host` equals an allowed domain or is a subdomain of a `*.domain` entry. */
export function isAllowedHost(host: string, allowed: readonly string[]): boolean {
  return allowed.some((domain) =>
    domain.startsWith('*.') ? host.endsWith(domain.slice(1)) && host.length > domain.length - 1 : host === domain,
  );
}

/** Every host named by URLs, e-mail addresses or bare host names in the arguments. */
export function hostsIn(argumentsText: string): string[] {
  const texts: string[] = [];
  try {
    collectStrings(JSON.parse(argumentsText), texts);
  } catch {
    texts.push(argumentsText);
  }
  const hosts: string[] = [];
  for (const text of texts) hosts.push(...hostsInText(text));
  return hosts;
}

function collectStrings(value: unknown, into: string[]): void {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, into);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      into.push(key);
      collectStrings(item, into);
    }
  }
}

function hostsInText(text: string): string[] {
  const hosts: string[] = [];
  // URLs: expand around every "://" with character loops (linear, no regex backtracking).
  for (let index = text.indexOf('://'); index >= 0; index = text.indexOf('://', index + 3)) {
    let start = index;
    while (start > 0 && schemeCharacter.test(text[start - 1] as string)) start -= 1;
    let end = index + 3;
    while (end < text.length && urlCharacter.test(text[end] as string)) end += 1;
    try {
      const host = new URL(text.slice(start, end)).hostname.toLowerCase().replace(/^\[|\]$/g, '');
      if (host) hosts.push(host.replace(/\.$/, ''));
    } catch {
      // not a URL
    }
  }
  // E-mail addresses.
  for (let index = text.indexOf('@'); index >= 0; index = text.indexOf('@', index + 1)) {
    const hasLocal = index > 0 && localCharacter.test(text[index - 1] as string);
    let end = index + 1;
    while (end < text.length && domainCharacter.test(text[end] as string)) end += 1;
    const domain = text
      .slice(index + 1, end)
      .toLowerCase()
      .replace(/\.+$/, '');
    if (hasLocal && hostnamePattern.test(domain)) hosts.push(domain);
  }
  // A whole value that is a host name.
  const trimmed = text.trim().toLowerCase().replace(/\.$/, '');
  if (trimmed.length <= 253 && hostnamePattern.test(trimmed)) hosts.push(trimmed);
  return hosts;
}
