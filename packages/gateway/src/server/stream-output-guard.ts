import type { GatewayDecision, GatewayStreamEvent } from './gateway-dependencies.js';

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
  /** `text` is what the guard released before it blocked (safe to send first). */
  | { readonly kind: 'blocked'; readonly decision: GatewayDecision; readonly text?: string };

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
 * Streams an answer without letting blocked text through: the model's text is scanned in full every
 * `scanEvery` characters and only what lies more than `window` characters behind the scanned end is
 * released; released text then has its placeholders restored (a placeholder cut in two waits for its
 * end), the same order as the library's guardStream. A block stops the stream; a redaction that would touch text
 * already sent also stops it (fail closed).
 *
 * @example
 * const guard = createStreamOutputGuard({ check: (text) => guard.check({ stage: 'output', text }), window: 128, scanEvery: 64 });
 * const step = await guard.push(delta); if (step.kind === 'text') send(step.text);
 */
export function createStreamOutputGuard(options: StreamOutputGuardOptions): StreamOutputGuard {
  let full = '';
  let emitted = '';
  // Released text whose trailing, possibly partial placeholder waits for the next release.
  let pendingRestore = '';
  let scannedLength = -1;
  let latest: GatewayDecision | undefined;

  const restore = async (text: string): Promise<string> =>
    options.restore === undefined || text === '' ? text : options.restore(text);

  const restoreReleased = async (text: string, final: boolean): Promise<string> => {
    pendingRestore += text;
    const cut = final ? pendingRestore.length : restorableLength(pendingRestore);
    const ready = pendingRestore.slice(0, cut);
    pendingRestore = pendingRestore.slice(cut);
    return restore(ready);
  };

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
    return { kind: 'text', text: await restoreReleased(text, final) };
  };

  return {
    async push(delta) {
      full += delta;
      if (full.length - Math.max(0, scannedLength) < options.scanEvery) return { kind: 'text', text: '' };
      return scanAndRelease(false);
    },
    finish: () => scanAndRelease(true),
    decision: () => latest,
  };
}

/**
 * Drives a guard's own stream transform (guardStream: window scanning, in-window redaction,
 * buffer mode for full-text scanners, placeholder restoration) through the push/finish interface.
 *
 * @example
 * const output = createTransformOutputGuard(guard.stream({ conversationId }), (decision) => record(decision));
 */
export function createTransformOutputGuard(
  transform: TransformStream<string, string | GatewayStreamEvent>,
  onDecision?: (decision: GatewayDecision) => void,
): StreamOutputGuard {
  const writer = transform.writable.getWriter();
  const reader = transform.readable.getReader();
  const outputs: Array<string | GatewayStreamEvent> = [];
  let readError: unknown;
  let latest: GatewayDecision | undefined;
  const pumping = (async () => {
    try {
      for (let next = await reader.read(); !next.done; next = await reader.read()) outputs.push(next.value);
    } catch (error) {
      readError = error ?? new Error('guard stream failed');
    }
  })();
  // setImmediate runs after every pending microtask: the pump has collected what the write produced.
  const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  const collect = (): StreamStep => {
    let text = '';
    for (const output of outputs.splice(0)) {
      if (typeof output === 'string') text += output;
      else {
        latest = output.decision;
        onDecision?.(output.decision);
        if (output.type === 'blocked') return { kind: 'blocked', decision: output.decision, text };
      }
    }
    if (readError !== undefined) throw readError;
    return { kind: 'text', text };
  };
  return {
    async push(delta) {
      let writeError: unknown;
      await writer.write(delta).catch((error: unknown) => {
        writeError = error ?? new Error('guard stream closed');
      });
      await settle();
      const step = collect();
      if (step.kind === 'text' && writeError !== undefined) throw writeError;
      return step;
    },
    async finish() {
      await writer.close().catch(() => {});
      await pumping;
      return collect();
    },
    decision: () => latest,
  };
}
