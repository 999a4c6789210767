import { isWordCharacter, type PiiCandidate } from './recognizer.js';

const unspacedScript = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uff00-\uffef\u0e00-\u0e7f]/;

/** Two adjacent characters belong to one word (scripts written without spaces never count). */
function continuesWord(left: string | undefined, right: string | undefined): boolean {
  if (!isWordCharacter(left) || !isWordCharacter(right)) return false;
  return !unspacedScript.test(left!) && !unspacedScript.test(right!);
}

/**
 * Widens a span so it never starts or ends inside a word (a recognizer that matched "Anna" inside
 * "Annabel" reports the whole word).
 */
export function snapToWords(text: string, start: number, end: number): { start: number; end: number } {
  let snappedStart = start;
  let snappedEnd = end;
  while (snappedStart > 0 && continuesWord(text[snappedStart - 1], text[snappedStart])) snappedStart -= 1;
  while (snappedEnd < text.length && continuesWord(text[snappedEnd - 1], text[snappedEnd])) snappedEnd += 1;
  // Never end in the middle of a surrogate pair.
  const last = text.charCodeAt(snappedEnd - 1);
  if (last >= 0xd800 && last <= 0xdbff && snappedEnd < text.length) snappedEnd += 1;
  return { start: snappedStart, end: snappedEnd };
}

const learned = new Set(['PERSON', 'ADDRESS']);

/**
 * A learned span (PERSON, ADDRESS) that runs into a validated identifier (the phone line under an
 * address block) is cut where the identifier starts, so both keep exact spans.
 */
function trimAroundStructured(candidates: readonly PiiCandidate[], text: string | undefined): PiiCandidate[] {
  const structured = candidates.filter((candidate) => !learned.has(candidate.entity) && candidate.score >= 0.5);
  if (structured.length === 0) return [...candidates];
  return candidates.flatMap((candidate) => {
    if (!learned.has(candidate.entity)) return [candidate];
    let end = candidate.end;
    for (const other of structured) {
      if (other.start > candidate.start && other.start < end && other.end >= end - 1) end = other.start;
    }
    if (end === candidate.end) return [candidate];
    // Most of the span was the identifier: what is left is not a name or an address on its own.
    if (end - candidate.start < (candidate.end - candidate.start) / 2) return [];
    if (text !== undefined) while (end > candidate.start && /[\s,;:(\-–—]/.test(text[end - 1]!)) end -= 1;
    return end > candidate.start ? [{ ...candidate, end }] : [];
  });
}

/**
 * Picks non-overlapping candidates: highest score first, then the longer span, then the earlier
 * one. Returns them sorted by start.
 *
 * @example
 * resolveOverlaps([{ entity: 'PHONE', start: 0, end: 12, score: 0.6, recognizer: 'phone' },
 *                  { entity: 'US_SSN', start: 0, end: 11, score: 0.9, recognizer: 'us-ssn' }]); // keeps US_SSN
 */
export function resolveOverlaps(candidates: readonly PiiCandidate[], text?: string): PiiCandidate[] {
  const ordered = trimAroundStructured(candidates, text).sort(
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
