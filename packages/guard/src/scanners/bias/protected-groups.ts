/** Protected characteristics the bias scanner reports on (finding category `bias.<type>`). */
export type ProtectedGroupType =
  | 'gender'
  | 'race-ethnicity'
  | 'religion'
  | 'nationality'
  | 'age'
  | 'disability'
  | 'sexual-orientation';

/** All protected group types, in report order. */
export const protectedGroupTypes: readonly ProtectedGroupType[] = [
  'gender',
  'race-ethnicity',
  'religion',
  'nationality',
  'age',
  'disability',
  'sexual-orientation',
];

/** Words (lower case, whole word) that name a member or the whole of a protected group. */
export const protectedGroupTerms: Readonly<Record<ProtectedGroupType, readonly string[]>> = {
  gender: [
    'women',
    'woman',
    'men',
    'man',
    'girls',
    'girl',
    'boys',
    'boy',
    'female',
    'females',
    'male',
    'males',
    'ladies',
    'lady',
    'wives',
    'husbands',
    'mothers',
    'fathers',
    'feminists',
    'guys',
    'gals',
    'she',
    'he',
  ],
  'race-ethnicity': [
    'black',
    'blacks',
    'white',
    'whites',
    'asian',
    'asians',
    'hispanic',
    'hispanics',
    'latino',
    'latinos',
    'latina',
    'latinas',
    'arab',
    'arabs',
    'african',
    'africans',
    'native',
    'indigenous',
    'roma',
    'gypsies',
    'gypsy',
    'caucasian',
    'caucasians',
    'brown',
  ],
  religion: [
    'muslim',
    'muslims',
    'islam',
    'islamic',
    'jew',
    'jews',
    'jewish',
    'christian',
    'christians',
    'catholic',
    'catholics',
    'hindu',
    'hindus',
    'sikh',
    'sikhs',
    'buddhist',
    'buddhists',
    'atheist',
    'atheists',
    'evangelicals',
    'evangelical',
    'mormons',
  ],
  nationality: [
    'mexican',
    'mexicans',
    'american',
    'americans',
    'chinese',
    'german',
    'germans',
    'french',
    'indian',
    'indians',
    'russian',
    'russians',
    'nigerian',
    'nigerians',
    'polish',
    'poles',
    'italian',
    'italians',
    'irish',
    'british',
    'english',
    'japanese',
    'korean',
    'koreans',
    'pakistani',
    'pakistanis',
    'immigrants',
    'immigrant',
    'refugees',
    'refugee',
    'foreigners',
    'migrants',
    'canadian',
    'canadians',
    'australians',
    'swedes',
    'turks',
    'turkish',
    'ukrainians',
    'filipinos',
    'vietnamese',
  ],
  age: [
    'old',
    'older',
    'elderly',
    'seniors',
    'boomers',
    'millennials',
    'teenagers',
    'teens',
    'young',
    'youth',
    'kids',
    'gen',
    'zoomers',
    'pensioners',
  ],
  disability: [
    'disabled',
    'disability',
    'disabilities',
    'wheelchair',
    'autistic',
    'autism',
    'blind',
    'deaf',
    'dyslexic',
    'dyslexia',
    'mentally',
    'mental',
    'handicapped',
    'down',
    'depression',
    'adhd',
    'schizophrenic',
    'paraplegic',
    'amputees',
  ],
  'sexual-orientation': [
    'gay',
    'gays',
    'lesbian',
    'lesbians',
    'bisexual',
    'bisexuals',
    'queer',
    'homosexual',
    'homosexuals',
    'trans',
    'transgender',
    'lgbt',
    'lgbtq',
    'straight',
    'asexual',
    'nonbinary',
  ],
};

const groupTypeByTerm = new Map<string, ProtectedGroupType>();
for (const type of protectedGroupTypes) {
  for (const term of protectedGroupTerms[type]) if (!groupTypeByTerm.has(term)) groupTypeByTerm.set(term, type);
}

/** Pronouns and very common words that only count when a stronger group word is absent. */
const weakTerms = new Set([
  'he',
  'she',
  'man',
  'old',
  'young',
  'kids',
  'down',
  'mental',
  'straight',
  'white',
  'black',
  'brown',
  'native',
  'english',
  'gen',
]);

/** A protected-group word found in a text. */
export interface GroupMention {
  readonly type: ProtectedGroupType;
  readonly term: string;
  readonly start: number;
  readonly end: number;
  /** A pronoun or a word with common other meanings (old, black, straight). */
  readonly weak: boolean;
}

const wordPattern = /[\p{L}\p{N}']+/gu;

/**
 * Finds protected-group words (whole word, case-insensitive). Linear time.
 *
 * @example
 * findGroupMentions('Women are bad drivers')[0]?.type // 'gender'
 */
export function findGroupMentions(text: string): GroupMention[] {
  const mentions: GroupMention[] = [];
  for (const match of text.matchAll(wordPattern)) {
    const term = match[0].toLowerCase();
    const type = groupTypeByTerm.get(term);
    if (type === undefined) continue;
    mentions.push({ type, term, start: match.index, end: match.index + match[0].length, weak: weakTerms.has(term) });
  }
  return mentions;
}
