// Does a URL carry data? Looks at query values, path segments, the fragment and subdomain labels
// for the shapes that exfiltration payloads take: encoded blobs, secrets, and words of the prompt.

/** One reason a URL seems to carry data; `score` 0..1. Never holds the data itself. */
export interface UrlDataSignal {
  readonly kind: 'secret-like' | 'email' | 'prompt-words' | 'base64' | 'hex' | 'high-entropy' | 'long' | 'long-query';
  readonly where: 'query' | 'path' | 'fragment' | 'host';
  readonly score: number;
}

/** Options for {@link urlDataSignals}. */
export interface UrlDataOptions {
  /** Lower-cased words of the prompt, system prompt and configured sensitive terms. */
  readonly sensitiveWords: ReadonlySet<string>;
  /** A single value at least this long counts as data. */
  readonly maxValueLength: number;
}

const secretPattern =
  /(?:sk-[A-Za-z0-9_-]{16,}|AKIA[0-9A-Z]{16}|ASIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|xox[abprs]-[A-Za-z0-9-]{10,}|eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}|AIza[0-9A-Za-z_-]{30,}|-----BEGIN)/;
const emailPattern = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}/;
const base64Pattern = /^[A-Za-z0-9+/_-]{20,}={0,2}$/;
const hexPattern = /^[0-9a-fA-F]{32,}$/;
const wordPattern = /[\p{L}\p{N}]{4,}/gu;

const stopWords = new Set(
  'that this with from have what when where which your about would there their will them then than into been were they some more also just only like make please http https html www com org net'.split(
    ' ',
  ),
);

/**
 * The distinct lower-cased words (4+ letters, no stop words) of some texts.
 *
 * @example
 * wordsOf(['My password is hunter2']); // Set { 'password', 'hunter2' }
 */
export function wordsOf(texts: readonly (string | undefined)[]): Set<string> {
  const words = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    for (const match of text.toLowerCase().matchAll(wordPattern)) {
      if (!stopWords.has(match[0])) words.add(match[0]);
    }
  }
  return words;
}

/**
 * Shannon entropy in bits per character.
 *
 * @example
 * shannonEntropy('aaaa'); // 0
 */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const character of value) counts.set(character, (counts.get(character) ?? 0) + 1);
  let entropy = 0;
  const length = [...value].length;
  for (const count of counts.values()) {
    const probability = count / length;
    entropy -= probability * Math.log2(probability);
  }
  return entropy;
}

function decodesToText(value: string): boolean {
  try {
    const normalised = value.replace(/-/g, '+').replace(/_/g, '/');
    const padded = normalised + '='.repeat((4 - (normalised.length % 4)) % 4);
    const decoded = atob(padded.replace(/=+$/, (padding) => padding.slice(0, 2)));
    if (decoded.length < 8) return false;
    let printable = 0;
    for (let index = 0; index < decoded.length; index++) {
      const code = decoded.charCodeAt(index);
      if ((code >= 32 && code < 127) || code === 10 || code === 13 || code === 9 || code >= 0xc2) printable++;
    }
    return printable / decoded.length >= 0.9;
  } catch {
    return false;
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

function valueSignals(value: string, where: UrlDataSignal['where'], options: UrlDataOptions): UrlDataSignal[] {
  const signals: UrlDataSignal[] = [];
  // Path segments are often ids and commit hashes: weigh them below query values.
  const weight = where === 'path' ? 0.6 : 1;
  if (secretPattern.test(value)) signals.push({ kind: 'secret-like', where, score: 1 });
  if (emailPattern.test(value)) signals.push({ kind: 'email', where, score: 0.8 });
  if (options.sensitiveWords.size > 0) {
    const overlap = [...wordsOf([value])].filter((word) => options.sensitiveWords.has(word)).length;
    if (overlap >= 4) signals.push({ kind: 'prompt-words', where, score: 0.85 });
    else if (overlap >= 2) signals.push({ kind: 'prompt-words', where, score: 0.6 });
  }
  const compact = value.replace(/\s/g, '');
  if (hexPattern.test(compact)) signals.push({ kind: 'hex', where, score: 0.6 * weight });
  else if (base64Pattern.test(compact) && /[A-Z]/.test(compact) && /[a-z]/.test(compact) && /\d/.test(compact)) {
    signals.push({ kind: 'base64', where, score: (decodesToText(compact) ? 0.85 : 0.6) * weight });
  } else if (compact.length >= 24 && shannonEntropy(compact) >= 4.2) {
    signals.push({ kind: 'high-entropy', where, score: 0.7 * weight });
  }
  if (value.length >= options.maxValueLength) signals.push({ kind: 'long', where, score: 0.6 * weight });
  return signals;
}

/**
 * Everything in a URL that looks like smuggled data.
 *
 * @example
 * urlDataSignals(new URL('https://x.example/p?d=c2VjcmV0IHN5c3RlbSBwcm9tcHQ='), options); // [{ kind: 'base64', … }]
 */
export function urlDataSignals(url: URL, options: UrlDataOptions): readonly UrlDataSignal[] {
  const signals: UrlDataSignal[] = [];
  for (const [key, value] of url.searchParams) {
    signals.push(...valueSignals(value === '' ? key : value, 'query', options));
  }
  if (url.search.length >= 512) signals.push({ kind: 'long-query', where: 'query', score: 0.6 });
  for (const segment of url.pathname.split('/')) {
    if (segment.length >= 8) signals.push(...valueSignals(safeDecode(segment), 'path', options));
  }
  if (url.hash.length > 1) signals.push(...valueSignals(safeDecode(url.hash.slice(1)), 'fragment', options));
  const labels = url.hostname.split('.').slice(0, -2);
  for (const label of labels) {
    if (label.length >= 24 && (shannonEntropy(label) >= 3.8 || /^[0-9a-f]+$/.test(label))) {
      signals.push({ kind: 'high-entropy', where: 'host', score: 0.8 });
    }
  }
  return signals;
}
