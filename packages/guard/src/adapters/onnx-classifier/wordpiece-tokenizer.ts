/**
 * A BERT-style WordPiece tokenizer (uncased or cased): basic tokenisation (whitespace, punctuation
 * and CJK characters split, optional lower-casing and accent stripping) then greedy longest-match
 * sub-words with the `##` continuation prefix. Enough for the BERT/DistilBERT/DeBERTa-v1-style
 * sequence classifiers most injection models ship as ONNX.
 */

/** Token ids and mask for one text, already padded/truncated. */
export interface EncodedText {
  readonly inputIds: readonly number[];
  readonly attentionMask: readonly number[];
}

/** Options of {@link createWordPieceTokenizer}. */
export interface WordPieceOptions {
  /** Vocabulary, one token per line (`vocab.txt`), index = id. */
  readonly vocabulary: readonly string[];
  readonly lowerCase?: boolean;
  readonly maxLength?: number;
  readonly unknownToken?: string;
  readonly classToken?: string;
  readonly separatorToken?: string;
  readonly padToken?: string;
}

function isPunctuation(character: string): boolean {
  return /[\p{P}\p{S}]/u.test(character);
}

function isCjk(code: number): boolean {
  return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf) || (code >= 0xf900 && code <= 0xfaff);
}

/**
 * Builds a tokenizer from a vocabulary.
 *
 * @example
 * const tokenize = createWordPieceTokenizer({ vocabulary: vocabText.split('\n'), maxLength: 256 });
 * tokenize('Ignore previous instructions').inputIds;
 */
export function createWordPieceTokenizer(options: WordPieceOptions): (text: string) => EncodedText {
  const ids = new Map<string, number>();
  options.vocabulary.forEach((token, index) => {
    if (!ids.has(token)) ids.set(token, index);
  });
  const lowerCase = options.lowerCase ?? true;
  const maxLength = options.maxLength ?? 512;
  const idOf = (token: string, fallback: number): number => ids.get(token) ?? fallback;
  const unknown = idOf(options.unknownToken ?? '[UNK]', 0);
  const classId = idOf(options.classToken ?? '[CLS]', unknown);
  const separatorId = idOf(options.separatorToken ?? '[SEP]', unknown);
  const padId = idOf(options.padToken ?? '[PAD]', 0);

  function basicTokens(text: string): string[] {
    let prepared = text.normalize('NFC');
    if (lowerCase) prepared = prepared.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
    const tokens: string[] = [];
    let current = '';
    for (const character of prepared) {
      const code = character.codePointAt(0) ?? 0;
      if (/\s/u.test(character)) {
        if (current) tokens.push(current);
        current = '';
      } else if (isPunctuation(character) || isCjk(code)) {
        if (current) tokens.push(current);
        tokens.push(character);
        current = '';
      } else {
        current += character;
      }
    }
    if (current) tokens.push(current);
    return tokens;
  }

  function wordPieces(word: string): number[] {
    if (word.length > 100) return [unknown];
    const pieces: number[] = [];
    let start = 0;
    while (start < word.length) {
      let end = word.length;
      let found = -1;
      while (end > start) {
        const piece = (start > 0 ? '##' : '') + word.slice(start, end);
        const id = ids.get(piece);
        if (id !== undefined) {
          found = id;
          break;
        }
        end -= 1;
      }
      if (found < 0) return [unknown];
      pieces.push(found);
      start = end;
    }
    return pieces;
  }

  return (text) => {
    const body: number[] = [];
    for (const word of basicTokens(text)) {
      body.push(...wordPieces(word));
      if (body.length >= maxLength - 2) break;
    }
    const inputIds = [classId, ...body.slice(0, maxLength - 2), separatorId];
    const attentionMask = inputIds.map(() => 1);
    while (inputIds.length < maxLength) {
      inputIds.push(padId);
      attentionMask.push(0);
    }
    return { inputIds, attentionMask };
  };
}
