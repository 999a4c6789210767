import type { ContextDocument } from '../../scanner/types.js';
import { contentWords, embedSparse, type SparseVector } from '../prompt-leak/hashed-ngram-vector.js';
import { splitSentences } from '../prompt-leak/split-sentences.js';

/** How well one answer sentence is supported by the documents. */
export interface SentenceSupport {
  /** 0..1: combined lexical and embedding support, lowered by unsupported numbers. */
  readonly support: number;
  /** Share of the sentence's content terms found in the documents. */
  readonly lexical: number;
  /** Highest cosine similarity with a document passage. */
  readonly similarity: number;
  /** Numbers in the sentence that no document contains. */
  readonly unsupportedNumbers: number;
  /** Id of the document holding the most similar passage. */
  readonly documentId?: string;
}

const cjkPattern = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const numberPattern = /\d+(?:[.,]\d+)*/g;

const numberWords: Readonly<Record<string, string>> = Object.fromEntries(
  'zero one two three four five six seven eight nine ten eleven twelve'
    .split(' ')
    .map((word, index) => [word, String(index)]),
);

/**
 * Terms for lexical overlap: 6-letter prefixes (cheap stemming) and character bigrams for CJK.
 *
 * @example
 * supportTerms('Refunds within six days'); // ['refund', 'within', '6', 'days']
 */
export function supportTerms(text: string): string[] {
  const terms: string[] = [];
  for (const word of contentWords(text)) {
    if (cjkPattern.test(word)) {
      for (let index = 0; index + 1 < word.length; index++) terms.push(word.slice(index, index + 2));
      if (word.length === 1) terms.push(word);
    } else {
      const term = numberWords[word] ?? word;
      terms.push(term.length > 6 ? term.slice(0, 6) : term);
    }
  }
  return terms;
}

function numbersOf(text: string): string[] {
  return (text.match(numberPattern) ?? []).map((value) => value.replace(/,/g, ''));
}

/** Documents prepared once: their terms, numbers and an inverted index of passage embeddings. */
export interface PreparedDocuments {
  readonly terms: ReadonlySet<string>;
  readonly numbers: ReadonlySet<string>;
  /** Document id of each passage. */
  readonly passageDocuments: readonly string[];
  /** Embedding bucket → passages with a non-zero value there, and those values. */
  readonly postings: ReadonlyMap<number, { readonly passages: number[]; readonly values: number[] }>;
}

/**
 * Indexes the context documents: sentences and two-sentence windows as passages.
 *
 * @example
 * const prepared = prepareDocuments([{ id: 'a', text: 'Paris is the capital of France.' }]);
 */
export function prepareDocuments(documents: readonly ContextDocument[]): PreparedDocuments {
  const terms = new Set<string>();
  const numbers = new Set<string>();
  const passageDocuments: string[] = [];
  const postings = new Map<number, { passages: number[]; values: number[] }>();
  const addPassage = (documentId: string, vector: SparseVector): void => {
    const passage = passageDocuments.length;
    passageDocuments.push(documentId);
    for (let index = 0; index < vector.indices.length; index++) {
      const bucket = vector.indices[index] ?? 0;
      let list = postings.get(bucket);
      if (!list) {
        list = { passages: [], values: [] };
        postings.set(bucket, list);
      }
      list.passages.push(passage);
      list.values.push(vector.values[index] ?? 0);
    }
  };
  for (const document of documents) {
    for (const term of supportTerms(document.text)) terms.add(term);
    for (const value of numbersOf(document.text)) numbers.add(value);
    const sentences = splitSentences(document.text);
    for (const [index, sentence] of sentences.entries()) {
      addPassage(document.id, embedSparse(sentence.text));
      const next = sentences[index + 1];
      // Answers often fuse two neighbouring document sentences into one.
      if (next) addPassage(document.id, embedSparse(`${sentence.text} ${next.text}`));
    }
  }
  return { terms, numbers, passageDocuments, postings };
}

/**
 * Scores how well a sentence is supported by prepared documents.
 *
 * @example
 * sentenceSupport('Paris is the capital of France.', prepared).support; // ≈ 1
 */
export function sentenceSupport(sentence: string, prepared: PreparedDocuments): SentenceSupport {
  const terms = supportTerms(sentence);
  const found = terms.filter((term) => prepared.terms.has(term)).length;
  const lexical = terms.length === 0 ? 1 : found / terms.length;
  const vector = embedSparse(sentence);
  // Dot products with every passage at once through the inverted index: cost is the number of
  // postings under the sentence's buckets, not passages × dimensions.
  const dots = new Float64Array(prepared.passageDocuments.length);
  for (let index = 0; index < vector.indices.length; index++) {
    const list = prepared.postings.get(vector.indices[index] ?? 0);
    if (!list) continue;
    const weight = vector.values[index] ?? 0;
    for (let posting = 0; posting < list.passages.length; posting++) {
      const passage = list.passages[posting] ?? 0;
      dots[passage] = (dots[passage] ?? 0) + weight * (list.values[posting] ?? 0);
    }
  }
  let similarity = 0;
  let documentId: string | undefined;
  for (const [passage, dot] of dots.entries()) {
    if (dot > similarity) {
      similarity = Math.min(1, dot);
      documentId = prepared.passageDocuments[passage];
    }
  }
  const unsupportedNumbers = numbersOf(sentence).filter((value) => !prepared.numbers.has(value)).length;
  let support = 0.5 * lexical + 0.5 * Math.min(1, similarity * 1.25);
  // A number the documents never mention is the most common hallucination: weigh it heavily.
  if (unsupportedNumbers > 0) support *= 0.5;
  const rounded = (value: number) => Math.round(value * 1000) / 1000;
  return {
    support: rounded(support),
    lexical: rounded(lexical),
    similarity: rounded(similarity),
    unsupportedNumbers,
    ...(documentId === undefined ? {} : { documentId }),
  };
}
