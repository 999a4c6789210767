import type { TextView } from './text-view.js';

/**
 * Builds the views of a text that scanners search. The original view always comes first.
 *
 * @example
 * for (const view of buildViews(text)) if (view.text.includes('ignore')) report(view.toOriginal(span));
 */
export function buildViews(text: string): readonly TextView[] {
  return [{ kind: 'original', text, toOriginal: (span) => span }];
}
