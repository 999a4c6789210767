import type { VaultEntry } from './vault.js';

/** Restores vault tokens in text that arrives in pieces. */
export interface Restorer {
  /** Restores what can be decided now; holds back a tail that may be the start of a token. */
  push(text: string): string;
  /** Releases everything held back. */
  flush(): string;
}

/**
 * Builds a restorer over the restorable entries of a conversation. Tokens are matched leftmost, longest
 * first; the output is the same however the input is split into pieces (a placeholder split across
 * chunks, `<EMA` + `IL_1>`, is restored once complete).
 *
 * @example
 * const restorer = createRestorer(await vault.read(conversationId));
 * restorer.push('Hi <EMA'); // 'Hi '
 * restorer.push('IL_1>!');  // 'bob@example.com!'
 */
export function createRestorer(entries: readonly VaultEntry[]): Restorer {
  const originals = new Map<string, string>();
  for (const entry of entries)
    if (entry.restorable && entry.token.length > 0) originals.set(entry.token, entry.original);
  // Candidate tokens by first character (for the undecided tail) and the distinct token lengths (for
  // exact lookups elsewhere): cost per position grows with the number of lengths, not of tokens.
  const byFirst = new Map<string, string[]>();
  const lengthSet = new Set<number>();
  for (const token of originals.keys()) {
    const first = token[0] as string;
    const list = byFirst.get(first) ?? [];
    list.push(token);
    byFirst.set(first, list);
    lengthSet.add(token.length);
  }
  const lengths = [...lengthSet].sort((left, right) => right - left);
  const longest = lengths[0] ?? 0;

  let held = '';
  const run = (final: boolean): string => {
    const buffer = held;
    let output = '';
    let index = 0;
    while (index < buffer.length) {
      const candidates = byFirst.get(buffer[index] as string);
      if (!candidates) {
        output += buffer[index];
        index += 1;
        continue;
      }
      const available = buffer.length - index;
      if (!final && available < longest) {
        const rest = buffer.slice(index);
        if (candidates.some((token) => token.length > available && token.startsWith(rest))) break;
      }
      let match: string | undefined;
      for (const length of lengths) {
        if (length > available) continue;
        const piece = buffer.slice(index, index + length);
        if (originals.has(piece)) {
          match = piece;
          break;
        }
      }
      if (match) {
        output += originals.get(match) ?? match;
        index += match.length;
      } else {
        output += buffer[index];
        index += 1;
      }
    }
    held = buffer.slice(index);
    return output;
  };

  return {
    push(text: string): string {
      if (originals.size === 0) return text;
      held += text;
      return run(false);
    },
    flush(): string {
      return run(true);
    },
  };
}

/**
 * Restores every restorable token of the entries in a whole text.
 *
 * @example
 * restoreText('Write to <EMAIL_1>', await vault.read(conversationId));
 */
export function restoreText(text: string, entries: readonly VaultEntry[]): string {
  const restorer = createRestorer(entries);
  return restorer.push(text) + restorer.flush();
}
