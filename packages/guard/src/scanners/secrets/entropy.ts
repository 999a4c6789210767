import type { SecretCandidate } from './secret-rules.js';

/**
 * Shannon entropy of a string in bits per character.
 *
 * @example
 * shannonEntropy('aaaa'); // 0
 */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const character of value) counts.set(character, (counts.get(character) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const probability = count / value.length;
    entropy -= probability * Math.log2(probability);
  }
  return entropy;
}

const tokenPattern = /(?<![A-Za-z0-9+/_=.-])[A-Za-z0-9+/_=.-]{20,200}(?![A-Za-z0-9+/_=.-])/g;
const contextWords =
  /(?:key|token|secret|password|passwd|pwd|auth|bearer|credential|api|signature|private|session|cookie|access)[^\n]{0,40}$/i;

/** Why a high-entropy string is not reported. */
export function benignHighEntropy(value: string, before: string): boolean {
  if (/^[0-9a-fA-F-]+$/.test(value)) return true; // hashes, commit SHAs, UUIDs, hex dumps
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) return true;
  if (/base64,\s*$/i.test(before) || /^(?:iVBOR|\/9j\/|R0lGOD|UklGR|PHN2Zy|JVBERi)/.test(value)) return true; // images, PDFs
  if (/^[A-Za-z]+$/.test(value) || /^\d+$/.test(value)) return true;
  if (/^[a-z0-9]+(?:[-_.][a-z0-9]+)+$/.test(value)) return true; // kebab/snake identifiers, file names, versions
  if (/^(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}$/.test(value)) return true; // host names
  if (/[/]/.test(value) && /^[\w./-]+$/.test(value) && !/\d/.test(value.replace(/\/.*/, ''))) return true; // paths
  return false;
}

/**
 * Generic keys: long mixed-class strings with high entropy next to a credential word
 * (key, token, secret, auth…). Quiet on hex hashes, commit SHAs, UUIDs, base64 images and
 * identifiers.
 *
 * @example
 * findHighEntropySecrets('api key: 9vQ2xT7LmZ4pR8sK1wY6bN3c'); // one candidate
 */
export function findHighEntropySecrets(text: string, minimumEntropy: number): SecretCandidate[] {
  const candidates: SecretCandidate[] = [];
  tokenPattern.lastIndex = 0;
  for (let match = tokenPattern.exec(text); match !== null; match = tokenPattern.exec(text)) {
    const value = match[0].replace(/[.=]+$/, '');
    if (value.length < 20) continue;
    const before = text.slice(Math.max(0, match.index - 48), match.index);
    if (!contextWords.test(before)) continue;
    if (!(/[a-z]/.test(value) && /[A-Z]/.test(value) && /\d/.test(value))) continue;
    if (benignHighEntropy(value, before)) continue;
    const entropy = shannonEntropy(value);
    // A random string of n distinct-ish characters has entropy close to log2(min(n, alphabet)).
    const ceiling = Math.log2(Math.min(value.length, 64));
    if (entropy < minimumEntropy || entropy < ceiling * 0.75) continue;
    candidates.push({
      kind: 'generic-high-entropy',
      start: match.index,
      end: match.index + value.length,
      severity: 'medium',
      score: 0.7,
    });
  }
  return candidates;
}
