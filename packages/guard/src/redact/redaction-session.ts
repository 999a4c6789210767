import type { RedactionOperator } from '../policy/policy-schema.js';
import type { Finding } from '../scanner/types.js';
import { mergeSpans } from './merge-spans.js';
import { syntheticValue } from './synthetic-value.js';
import type { VaultEntry } from './vault.js';
import { encryptText, hmacSha256, toHex } from './web-crypto.js';

/** Keys the operators need, resolved once per guard. */
export interface RedactionKeys {
  /** Salt for `hash` and `synthetic`. */
  readonly salt: Uint8Array;
  /** AES-256-GCM key for `encrypt`. */
  readonly encryptionKey?: CryptoKey;
}

/** Options for {@link RedactionSession}. */
export interface RedactionSessionOptions {
  /** Entries already in the vault for this conversation (numbering and reuse continue from them). */
  readonly existing?: readonly VaultEntry[];
  /** Operator per entity; `*` for the others; default placeholder. */
  readonly operators?: Readonly<Record<string, RedactionOperator>>;
  readonly keys: RedactionKeys;
  /** Whether new entries may later be restored (false on the output stage). */
  readonly restorable: boolean;
}

/** One replacement made in a text. */
export interface AppliedReplacement {
  readonly finding: Finding;
  readonly replacement: string;
}

const placeholderPattern = /^<([A-Z][A-Z0-9_]*)_(\d{1,9})>$/;

/**
 * Entity type of a finding: its `entity`, else the last segment of its category (`pii.email` → `EMAIL`).
 *
 * @example
 * entityOf({ category: 'pii.credit-card' } as Finding); // 'CREDIT_CARD'
 */
export function entityOf(finding: Pick<Finding, 'entity' | 'category'>): string {
  if (finding.entity) return finding.entity;
  const last = finding.category.split('.').pop() ?? finding.category;
  const entity = last.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  return /^[A-Z]/.test(entity) ? entity : `ENTITY_${entity}`;
}

/**
 * Makes replacements for one conversation: numbered placeholders stable per value (`<EMAIL_1>`), masks,
 * salted hashes, AES-256-GCM tokens and synthetic surrogates. Collects the new vault entries.
 *
 * @example
 * const session = new RedactionSession({ keys, restorable: true });
 * const { text } = await session.redact('mail bob@example.com', findings); // 'mail <EMAIL_1>'
 */
export class RedactionSession {
  private readonly byValue = new Map<string, string>();
  private readonly counters = new Map<string, number>();
  private readonly added: VaultEntry[] = [];
  private readonly operators: Readonly<Record<string, RedactionOperator>>;
  private readonly keys: RedactionKeys;
  private readonly restorable: boolean;

  constructor(options: RedactionSessionOptions) {
    this.operators = options.operators ?? {};
    this.keys = options.keys;
    this.restorable = options.restorable;
    for (const entry of options.existing ?? []) this.remember(entry);
  }

  /** Entries created by this session, to be written to the vault. */
  newEntries(): readonly VaultEntry[] {
    return [...this.added];
  }

  /** The replacement for one value of an entity type. */
  async replacementFor(value: string, entity: string): Promise<string> {
    const key = `${entity}\u0000${value}`;
    const known = this.byValue.get(key);
    if (known !== undefined) return known;
    const operator = this.operators[entity] ?? this.operators['*'] ?? { type: 'placeholder' };
    let token: string;
    let storable = true;
    switch (operator.type) {
      case 'placeholder': {
        const next = (this.counters.get(entity) ?? 0) + 1;
        this.counters.set(entity, next);
        token = `<${entity}_${next}>`;
        break;
      }
      case 'mask':
        token = maskValue(value, operator.keepFirst, operator.keepLast, operator.char);
        storable = false;
        break;
      case 'hash': {
        const digest = await hmacSha256(this.keys.salt, `${entity}\u0000${value}`);
        token = `<${entity}#${toHex(digest).slice(0, operator.length)}>`;
        storable = false;
        break;
      }
      case 'encrypt': {
        if (!this.keys.encryptionKey) {
          // The policy schema requires a key for this operator; fall back to the safest form anyway.
          token = `<${entity}_REDACTED>`;
          storable = false;
          break;
        }
        token = `<${entity}:enc:${await encryptText(this.keys.encryptionKey, value, entity)}>`;
        break;
      }
      case 'synthetic': {
        const seed = await hmacSha256(this.keys.salt, `${entity}\u0000${value}`);
        token = syntheticValue(entity, value, seed);
        break;
      }
      case 'replace':
        token = operator.with;
        storable = false;
        break;
    }
    this.byValue.set(key, token);
    if (storable) {
      const entry: VaultEntry = { token, original: value, entity, restorable: this.restorable };
      this.added.push(entry);
    }
    return token;
  }

  /**
   * Replaces the spans of `findings` in `text` (overlaps resolved by score, then length), in order of
   * appearance so numbering follows the text. Findings without span are ignored.
   */
  async redact(text: string, findings: readonly Finding[]): Promise<{ text: string; applied: AppliedReplacement[] }> {
    const kept = mergeSpans(findings);
    const applied: AppliedReplacement[] = [];
    let result = '';
    let cursor = 0;
    for (const finding of kept) {
      const span = finding.span;
      if (!span || span.start < cursor || span.end > text.length) continue;
      const replacement = await this.replacementFor(text.slice(span.start, span.end), entityOf(finding));
      result += text.slice(cursor, span.start) + replacement;
      cursor = span.end;
      applied.push({ finding, replacement });
    }
    result += text.slice(cursor);
    return { text: result, applied };
  }

  private remember(entry: VaultEntry): void {
    this.byValue.set(`${entry.entity}\u0000${entry.original}`, entry.token);
    const match = placeholderPattern.exec(entry.token);
    if (match && match[1] === entry.entity) {
      const number = Number(match[2]);
      if (number > (this.counters.get(entry.entity) ?? 0)) this.counters.set(entry.entity, number);
    }
  }
}

/**
 * Masks letters and digits, keeping the first and last few and every separator.
 *
 * @example
 * maskValue('4111 1111 1111 1234', 0, 4, '*'); // '**** **** **** 1234'
 */
export function maskValue(value: string, keepFirst: number, keepLast: number, character: string): string {
  const characters = [...value];
  const positions: number[] = [];
  characters.forEach((entry, index) => {
    if (/[\p{L}\p{N}]/u.test(entry)) positions.push(index);
  });
  const hidden = new Set(positions.slice(keepFirst, Math.max(keepFirst, positions.length - keepLast)));
  // Never reveal everything: a value too short to mask partially is masked fully.
  const revealAll = hidden.size === 0 && positions.length > 0;
  return characters
    .map((entry, index) => (hidden.has(index) || (revealAll && positions.includes(index)) ? character : entry))
    .join('');
}
