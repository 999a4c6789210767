/** One swap performed in a text. */
export interface SwapRecord {
  readonly from: string;
  readonly to: string;
  readonly count: number;
}

/** A counterfactual transformation: an attribute and a word mapping. */
export interface CounterfactualMapping {
  readonly attribute: 'gender' | 'religion' | 'nationality' | 'race-ethnicity' | 'age' | 'names';
  readonly words: Readonly<Record<string, string>>;
}

const genderPairs: readonly [string, string][] = [
  ['he', 'she'],
  ['himself', 'herself'],
  ['man', 'woman'],
  ['men', 'women'],
  ['boy', 'girl'],
  ['boys', 'girls'],
  ['father', 'mother'],
  ['fathers', 'mothers'],
  ['son', 'daughter'],
  ['sons', 'daughters'],
  ['brother', 'sister'],
  ['brothers', 'sisters'],
  ['husband', 'wife'],
  ['husbands', 'wives'],
  ['mr', 'ms'],
  ['sir', 'madam'],
  ['king', 'queen'],
  ['kings', 'queens'],
  ['uncle', 'aunt'],
  ['uncles', 'aunts'],
  ['nephew', 'niece'],
  ['gentleman', 'lady'],
  ['gentlemen', 'ladies'],
  ['boyfriend', 'girlfriend'],
  ['male', 'female'],
  ['males', 'females'],
  ['dad', 'mom'],
  ['grandfather', 'grandmother'],
  ['grandson', 'granddaughter'],
  ['actor', 'actress'],
  ['waiter', 'waitress'],
  ['prince', 'princess'],
  ['businessman', 'businesswoman'],
  ['chairman', 'chairwoman'],
  ['spokesman', 'spokeswoman'],
  ['john', 'mary'],
  ['james', 'jennifer'],
  ['michael', 'linda'],
  ['david', 'sarah'],
  ['robert', 'patricia'],
  ['william', 'elizabeth'],
  ['daniel', 'emily'],
  ['thomas', 'jessica'],
  ['mohammed', 'fatima'],
  ['ahmed', 'aisha'],
  ['raj', 'priya'],
  ['jose', 'maria'],
  ['wei', 'mei'],
  ['kwame', 'ama'],
];

function bidirectional(pairs: readonly [string, string][]): Record<string, string> {
  const words: Record<string, string> = {};
  for (const [a, b] of pairs) {
    words[a] = b;
    words[b] = a;
  }
  return words;
}

function rotation(groups: readonly string[]): Record<string, string> {
  return Object.fromEntries(groups.map((group, index) => [group, groups[(index + 1) % groups.length] ?? group]));
}

/** The shipped mappings. Pronouns `her`/`his`/`hers` are resolved by grammar, see {@link applyCounterfactual}. */
export const counterfactualMappings: readonly CounterfactualMapping[] = [
  { attribute: 'gender', words: bidirectional(genderPairs) },
  {
    attribute: 'religion',
    words: {
      ...rotation(['christian', 'muslim', 'jewish', 'hindu', 'buddhist']),
      ...rotation(['christians', 'muslims', 'jews', 'hindus', 'buddhists']),
      ...rotation(['church', 'mosque', 'synagogue', 'temple']),
      ...rotation(['christianity', 'islam', 'judaism', 'hinduism', 'buddhism']),
    },
  },
  {
    attribute: 'nationality',
    words: {
      ...rotation(['american', 'mexican', 'nigerian', 'indian', 'chinese', 'german']),
      ...rotation(['americans', 'mexicans', 'nigerians', 'indians', 'germans']),
    },
  },
  { attribute: 'race-ethnicity', words: rotation(['white', 'black', 'asian', 'hispanic']) },
  {
    attribute: 'age',
    words: bidirectional([
      ['young', 'elderly'],
      ['younger', 'older'],
      ['youth', 'senior'],
      ['teenager', 'retiree'],
    ]),
  },
];

// Words after which `her` is an object pronoun (→ him) rather than a possessive (→ his).
const objectContext = new Set([
  'to',
  'and',
  'or',
  'but',
  'for',
  'with',
  'at',
  'by',
  'from',
  'about',
  'than',
  'that',
  'because',
  'when',
  'if',
  'as',
  'so',
  'the',
  'a',
  'an',
  'is',
  'was',
  'will',
  'would',
  'can',
  'could',
  'should',
  'did',
  'has',
  'had',
  'have',
  'in',
  'on',
  'up',
  'out',
  'down',
  'back',
  'again',
  'too',
  'very',
  'yesterday',
  'today',
  'tomorrow',
  'now',
  'then',
  'there',
  'here',
  'more',
  'less',
  'once',
  'twice',
  'into',
  'over',
]);

function matchCase(original: string, replacement: string): string {
  if (original.length > 1 && original === original.toUpperCase()) return replacement.toUpperCase();
  if (original[0] && original[0] === original[0].toUpperCase())
    return replacement.charAt(0).toUpperCase() + replacement.slice(1);
  return replacement;
}

/**
 * Applies one counterfactual mapping to a text, word by word and case-preserving. For gender, `her`
 * becomes `his` before a noun phrase and `him` otherwise, `his` becomes `her` before a noun and `hers`
 * at the end of a phrase, and `hers` becomes `his`.
 *
 * @example
 * applyCounterfactual('She gave her book to him.', genderMapping).text // 'He gave his book to her.'
 */
export function applyCounterfactual(
  text: string,
  mapping: CounterfactualMapping,
): { text: string; swaps: SwapRecord[] } {
  const counts = new Map<string, number>();
  const tokens = [...text.matchAll(/[\p{L}]+(?:'[\p{L}]+)?/gu)];
  let output = '';
  let last = 0;
  tokens.forEach((token, index) => {
    const word = token[0];
    const lower = word.toLowerCase();
    const start = token.index ?? 0;
    const next = tokens[index + 1];
    const between = next ? text.slice(start + word.length, next.index) : '';
    const nextWord = next && /^\s+$/.test(between) ? next[0].toLowerCase() : undefined;
    let replacement: string | undefined;
    if (mapping.attribute === 'gender' && (lower === 'her' || lower === 'his' || lower === 'hers')) {
      if (lower === 'hers') replacement = 'his';
      else if (lower === 'his') replacement = nextWord && !objectContext.has(nextWord) ? 'her' : 'hers';
      else replacement = nextWord && !objectContext.has(nextWord) ? 'his' : 'him';
    } else if (mapping.attribute === 'gender' && lower === 'him') replacement = 'her';
    else replacement = mapping.words[lower];
    if (replacement === undefined) return;
    output += text.slice(last, start) + matchCase(word, replacement);
    last = start + word.length;
    const key = `${lower}→${replacement}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  });
  output += text.slice(last);
  const swaps = [...counts.entries()].map(([key, count]) => {
    const [from = '', to = ''] = key.split('→');
    return { from, to, count };
  });
  return { text: output, swaps };
}
