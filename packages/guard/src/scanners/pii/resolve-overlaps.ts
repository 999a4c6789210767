import { isWordCharacter, type PiiCandidate } from './recognizer.js';

/**
 * Widens a span so it never starts or ends inside a word (a recognizer that matched "Anna" inside
 * "Annabel" reports the whole word).
 */
export function snapToWords(text: string, start: number, end: number): { start: number; end: number } {
  let snappedStart = start;
  let snappedEnd = end;
  while (snappedStart > 0 && isWordCharacter(text[snappedStart - 1]) && isWordCharacter(text[snappedStart])) {
    snappedStart -= 1;
  }
  while (snappedEnd < text.length && isWordCharacter(text[snappedEnd]) && isWordCharacter(text[snappedEnd - 1])) {
    snappedEnd += 1;
  }
  // Never end in the middle of a surrogate pair.
  const last = text.charCodeAt(snappedEnd - 1);
  if (last >= 0xd800 && last <= 0xdbff && snappedEnd < text.length) snappedEnd += 1;
  return { start: snappedStart, end: snappedEnd };
}

/**
 * Picks non-overlapping candidates: highest score first, then the longer span, then the earlier
 * one. Returns them sorted by start.
 *
 * @example
 * resolveOverlaps([{ entity: 'PHONE', start: 0, end: 12, score: 0.6, recognizer: 'phone' },
 *                  { entity: 'US_SSN', start: 0, end: 11, score: 0.9, recognizer: 'us-ssn' }]); // keeps US_SSN
 */
export function resolveOverlaps(candidates: readonly PiiCandidate[]): PiiCandidate[] {
  const ordered = [...candidates].sort(
    (left, right) =>
      right.score - left.score || right.end - right.start - (left.end - left.start) || left.start - right.start,
  );
  const kept: PiiCandidate[] = [];
  for (const candidate of ordered) {
    if (candidate.end <= candidate.start) continue;
    if (kept.some((other) => candidate.start < other.end && other.start < candidate.end)) continue;
    kept.push(candidate);
  }
  return kept.sort((left, right) => left.start - right.start);
}
