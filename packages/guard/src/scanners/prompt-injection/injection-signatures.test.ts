import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { documentSignatures } from '../indirect-injection/document-signatures.js';
import { injectionSignatures, metaDiscussionPattern, ownRequestPattern } from './injection-signatures.js';

/** Finds a group that contains a quantifier and is itself repeated without bound: (…+…)+ or (…*…){2,}. */
function hasNestedUnboundedQuantifier(source: string): boolean {
  const stack: { quantified: boolean }[] = [];
  for (let index = 0; index < source.length; index += 1) {
    const character = source[index]!;
    if (character === '\\') {
      index += 1;
      continue;
    }
    if (character === '[') {
      while (index < source.length && source[index] !== ']') index += source[index] === '\\' ? 2 : 1;
      continue;
    }
    if (character === '(') stack.push({ quantified: false });
    else if (character === ')') {
      const group = stack.pop();
      const next = source[index + 1];
      const unbounded = next === '+' || next === '*' || (next === '{' && /^\{\d+,\}/.test(source.slice(index + 1)));
      if (group?.quantified && unbounded) return true;
      if (group?.quantified || next === '+' || next === '*' || next === '{' || next === '?') {
        if (stack.length > 0) stack[stack.length - 1]!.quantified = true;
      }
    } else if ((character === '+' || character === '*' || character === '{') && stack.length > 0) {
      stack[stack.length - 1]!.quantified = true;
    }
  }
  return false;
}

const everyPattern = [
  ...injectionSignatures.map((signature) => [signature.id, signature.pattern] as const),
  ...documentSignatures.map((signature) => [signature.id, signature.pattern] as const),
  ['meta-discussion', metaDiscussionPattern] as const,
  ['own-request', ownRequestPattern] as const,
];

describe('signature safety', () => {
  it('detects the nesting the check is meant to reject', () => {
    expect(hasNestedUnboundedQuantifier('(a+)+')).toBe(true);
    expect(hasNestedUnboundedQuantifier('(?:\\w+\\s)*x')).toBe(true);
    expect(hasNestedUnboundedQuantifier('(?:[^\\s]{1,24}\\s{1,3}){0,4}')).toBe(false);
  });

  it.each(everyPattern)('%s has no nested unbounded quantifiers', (_id, pattern) => {
    expect(hasNestedUnboundedQuantifier(pattern.source)).toBe(false);
  });

  it('never throws and returns sane spans on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        for (const [, pattern] of everyPattern) {
          const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
          for (const match of text.matchAll(global)) {
            expect(match.index).toBeGreaterThanOrEqual(0);
            expect(match.index + match[0].length).toBeLessThanOrEqual(text.length);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('has unique ids and scores in 0..1', () => {
    const ids = [...injectionSignatures, ...documentSignatures].map((signature) => signature.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const signature of [...injectionSignatures, ...documentSignatures]) {
      expect(signature.score).toBeGreaterThan(0);
      expect(signature.score).toBeLessThanOrEqual(1);
    }
  });
});
