import type { GatewayDecision } from './gateway-dependencies.js';

/** Settings for {@link createStreamOutputGuard}. */
export interface StreamOutputGuardOptions {
  /** Checks the whole answer so far (output stage). */
  check(text: string): Promise<GatewayDecision>;
  /** Restores reversible-redaction placeholders (`<EMAIL_1>` → original). */
  restore?(text: string): string | Promise<string>;
  /** Characters held back until more text has been scanned after them. */
  readonly window: number;
  /** Scan again once this many new characters arrived. */
  readonly scanEvery: number;
}

/** What may be sent now, or that the stream must stop. */
export type StreamStep =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'blocked'; readonly decision: GatewayDecision };

/** Guards one streamed answer (one choice). */
export interface StreamOutputGuard {
  push(delta: string): Promise<StreamStep>;
  /** Scans the complete answer and releases the rest. */
  finish(): Promise<StreamStep>;
  /** The latest decision (the final one after `finish`). */
  decision(): GatewayDecision | undefined;
}

// A placeholder such as <EMAIL_1> may be split across chunks: hold back an unclosed '<' tail.
const maximumPlaceholderLength = 64;

function restorableLength(text: string): number {
  const open = text.lastIndexOf('<');
  if (open === -1 || text.indexOf('>', open) !== -1 || text.length - open > maximumPlaceholderLength) {
    return text.length;
  }
  return open;
}

/**
 * Streams an answer without letting blocked text through: text is restored (placeholders → PII),
 * scanned in full every `scanEvery` characters, and only what lies more than `window` characters
 * behind the scanned end is released. A block stops the stream; a redaction that would touch text
 * already sent also stops it (fail closed).
 *
 * @example
 * const guard = createStreamOutputGuard({ check: (text) => guard.check({ stage: 'output', text }), window: 128, scanEvery: 64 });
 * const step = await guard.push(delta); if (step.kind === 'text') send(step.text);
 */
export function createStreamOutputGuard(options: StreamOutputGuardOptions): StreamOutputGuard {
  let rawTail = '';
  let full = '';
  let emitted = '';
  let scannedLength = -1;
  let latest: GatewayDecision | undefined;

  const restore = async (text: string): Promise<string> =>
    options.restore === undefined || text === '' ? text : options.restore(text);

  const scanAndRelease = async (final: boolean): Promise<StreamStep> => {
    if (scannedLength !== full.length || latest === undefined) {
      latest = await options.check(full);
      scannedLength = full.length;
    }
    const effective = latest.effective ?? latest.action;
    if (effective === 'block' || effective === 'review') return { kind: 'blocked', decision: latest };
    const candidate = effective === 'redact' && latest.text !== undefined ? latest.text : full;
    if (!candidate.startsWith(emitted)) return { kind: 'blocked', decision: latest };
    const end = final ? candidate.length : Math.max(emitted.length, candidate.length - options.window);
    const text = candidate.slice(emitted.length, end);
    emitted += text;
    return { kind: 'text', text };
  };

  return {
    async push(delta) {
      rawTail += delta;
      const cut = restorableLength(rawTail);
      if (cut > 0) {
        full += await restore(rawTail.slice(0, cut));
        rawTail = rawTail.slice(cut);
      }
      if (full.length - Math.max(0, scannedLength) < options.scanEvery) return { kind: 'text', text: '' };
      return scanAndRelease(false);
    },
    async finish() {
      full += await restore(rawTail);
      rawTail = '';
      return scanAndRelease(true);
    },
    decision: () => latest,
  };
}
