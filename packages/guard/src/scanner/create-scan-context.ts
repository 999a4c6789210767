import { buildViews } from '../text/build-views.js';
import type { ScanContext, Stage } from './types.js';

/**
 * Builds a `ScanContext` the way the pipeline does: shared lazy views, an abort signal and the
 * optional system prompt, documents and canary.
 *
 * @example
 * const context = createScanContext('answer', { stage: 'output', system: 'You are…' });
 */
export function createScanContext(
  text: string,
  extras: Partial<Omit<ScanContext, 'text' | 'views'>> & { stage?: Stage } = {},
): ScanContext {
  let views: ReturnType<typeof buildViews> | undefined;
  return {
    signal: new AbortController().signal,
    stage: 'output',
    ...extras,
    text,
    views: () => {
      views ??= buildViews(text);
      return views;
    },
  };
}
