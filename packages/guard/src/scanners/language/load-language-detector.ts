import { GuardError } from '../../errors.js';

/** The part of eld's detector this scanner uses. */
export interface LanguageDetector {
  detect(text: string): {
    readonly language: string;
    getScores(): Record<string, number>;
    isReliable(): boolean;
  };
  info(): { readonly Languages: Record<number, string> };
}

/** eld database sizes: larger is more accurate on short texts and costs more memory. */
export type LanguageModelSize = 'extrasmall' | 'small' | 'medium' | 'large';

const loaded = new Map<LanguageModelSize, Promise<LanguageDetector>>();

async function importDetector(size: LanguageModelSize): Promise<LanguageDetector> {
  // Static specifiers so bundlers for edge runtimes can see (and split) each database.
  switch (size) {
    case 'extrasmall':
      return (await import('eld/extrasmall')).eld;
    case 'small':
      return (await import('eld/small')).eld;
    case 'medium':
      return (await import('eld/medium')).eld;
    case 'large':
      return (await import('eld/large')).eld;
  }
}

/**
 * Loads eld's offline n-gram detector once per database size (lazily: importing the guard
 * library does not load it). Sizes on disk: extrasmall 0.9 MB, small 1.6 MB, medium 2 MB,
 * large 4.5 MB. The instance is shared and only read (no subset or cleanup settings are changed).
 *
 * @example
 * const detector = await loadLanguageDetector('small');
 * detector.detect('Bonjour tout le monde').language; // 'fr'
 */
export function loadLanguageDetector(size: LanguageModelSize): Promise<LanguageDetector> {
  let promise = loaded.get(size);
  if (!promise) {
    promise = importDetector(size).catch((error: unknown) => {
      loaded.delete(size);
      throw new GuardError('model-unavailable', `the eld language database "${size}" could not be loaded`, {
        cause: error,
      });
    });
    loaded.set(size, promise);
  }
  return promise;
}
