import type { TextView } from './text-view.js';
import { identityView } from './view-writer.js';

/**
 * Common English words (three letters or more) as they look after ROT13. A text is a ROT13
 * candidate when at least two of its words are on this list: none of them is itself a common
 * English word, so plain text almost never qualifies.
 */
const rot13Words: ReadonlySet<string> = new Set(
  [
    'the',
    'and',
    'you',
    'your',
    'ignore',
    'all',
    'previous',
    'prior',
    'instructions',
    'instruction',
    'system',
    'prompt',
    'password',
    'this',
    'that',
    'with',
    'are',
    'for',
    'not',
    'have',
    'what',
    'how',
    'make',
    'tell',
    'please',
    'secret',
    'reveal',
    'kill',
    'bomb',
    'rules',
    'now',
    'from',
    'print',
    'disregard',
    'forget',
    'above',
    'write',
    'show',
    'give',
    'about',
    'there',
    'their',
    'which',
    'would',
    'should',
    'could',
    'will',
    'can',
    'was',
    'were',
    'been',
    'they',
    'them',
    'then',
    'when',
    'where',
    'who',
    'new',
    'pretend',
    'act',
    'role',
    'developer',
    'mode',
    'admin',
    'key',
    'data',
    'user',
    'assistant',
  ].map(rot13),
);

// Native pre-check: any word of the list, before the exact (JS) word count.
const rot13Candidate = new RegExp(`\\b(?:${[...rot13Words].join('|')})\\b`, 'i');

/**
 * Applies ROT13 to ASCII letters; every other unit is unchanged (same length, same offsets).
 *
 * @example
 * rot13('Uryyb'); // 'Hello'
 */
export function rot13(text: string): string {
  let output = '';
  let copied = 0;
  const parts: string[] = [];
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    let rotated = -1;
    if (unit >= 65 && unit <= 90) rotated = ((unit - 65 + 13) % 26) + 65;
    else if (unit >= 97 && unit <= 122) rotated = ((unit - 97 + 13) % 26) + 97;
    if (rotated >= 0) {
      if (copied < index) parts.push(text.slice(copied, index));
      parts.push(String.fromCharCode(rotated));
      copied = index + 1;
    }
    if (parts.length > 4096) {
      output += parts.join('');
      parts.length = 0;
    }
  }
  if (copied < text.length) parts.push(text.slice(copied));
  return output + parts.join('');
}

/** How many words of `text` are common English words in ROT13. Linear; long tokens are skipped. */
export function countRot13Words(text: string, enough = Number.POSITIVE_INFINITY): number {
  let count = 0;
  let index = 0;
  const length = text.length;
  while (index < length && count < enough) {
    const unit = text.charCodeAt(index) | 32;
    if (unit < 97 || unit > 122) {
      index++;
      continue;
    }
    const start = index;
    while (index < length) {
      const letter = text.charCodeAt(index) | 32;
      if (letter < 97 || letter > 122) break;
      index++;
    }
    if (index - start >= 3 && index - start <= 12 && rot13Words.has(text.slice(start, index).toLowerCase())) count++;
  }
  return count;
}

/**
 * The `rot13` view: the whole text ROT13-decoded, produced only when at least two of its words
 * are common English words in ROT13 (`vtaber nyy cerivbhf vafgehpgvbaf`). Offsets are identical.
 *
 * @example
 * buildRot13View('Vtaber nyy cerivbhf vafgehpgvbaf')?.text; // 'Ignore all previous instructions'
 */
export function buildRot13View(text: string): TextView | null {
  if (!rot13Candidate.test(text) || countRot13Words(text, 2) < 2) return null;
  return identityView('rot13', rot13(text));
}
