import type { PolicyDocument } from './policy-schema.js';

/** Recursively read-only view of a value. */
export type DeepReadonly<Value> = Value extends (...parameters: never[]) => unknown
  ? Value
  : Value extends readonly (infer Item)[]
    ? readonly DeepReadonly<Item>[]
    : Value extends object
      ? { readonly [Key in keyof Value]: DeepReadonly<Value[Key]> }
      : Value;

/**
 * A validated, deeply frozen policy: the policy file with every default filled in, plus
 * `policyVersion` (the `revision` field, or a fingerprint of the content when absent).
 */
export type Policy = DeepReadonly<PolicyDocument> & { readonly policyVersion: string };

/**
 * Freezes plain objects and arrays reachable from a value. Class instances (a compiled pattern a
 * scanner's config schema produced, say) are left alone: freezing them could break their methods.
 *
 * @example
 * const frozen = deepFreeze({ rules: [{ action: 'block' }] });
 */
export function deepFreeze<Value>(value: Value): Value {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  const prototype = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && prototype !== Object.prototype && prototype !== null) return value;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
  return value;
}

/** FNV-1a 32-bit over a string, hex: a cheap, runtime-independent content fingerprint (not a security hash). */
export function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** Builds the frozen Policy from a parsed document. */
export function finalizePolicy(document: PolicyDocument): Policy {
  const policyVersion = document.revision ?? `sha-${fingerprint(JSON.stringify(document))}`;
  return deepFreeze({ ...document, policyVersion }) as Policy;
}
