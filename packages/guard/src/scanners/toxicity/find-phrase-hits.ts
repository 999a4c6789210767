import type { LexiconToken } from './find-lexicon-hits.js';

/** Phrase categories: threats, incitement to self-harm and sexual harassment. */
export type PhraseCategory = 'threat' | 'harassment' | 'sexual' | 'insult';

/** A phrase signature found in the text, with its span in the scanned text. */
export interface PhraseHit {
  readonly category: PhraseCategory;
  readonly start: number;
  readonly end: number;
}

const subject =
  "(?:i'll|ill|i will|i'm going to|im going to|i am going to|i'm gonna|im gonna|i'm coming to|we'll|we will|we're going to|we are going to|we're gonna|gonna|i'd happily|i would happily|i want to|i wanna)";
const harmVerb =
  '(?:kill|murder|hurt|stab|shoot|beat|rape|strangle|choke|burn|slit|smash|break|end|find|hunt|destroy|cut|torture|bury|gut|lynch|punch|butcher)';
const victim = '(?:you|your|u|ur|yourself|him|her|them|ya)';

// Applied to the canonical tokens joined by single spaces, so every pattern is a bounded sequence
// of literal words: no nested or overlapping quantifiers, linear time.
const phrasePatterns: readonly { category: PhraseCategory; pattern: RegExp }[] = [
  {
    category: 'threat',
    pattern: new RegExp(`\\b${subject} (?:\\S+ ){0,2}${harmVerb} ${victim}\\b`, 'g'),
  },
  { category: 'threat', pattern: /\b(?:you|u)(?:'re| are| r)? (?:going to|gonna) (?:die|regret|pay|bleed|suffer)\b/g },
  { category: 'threat', pattern: /\b(?:you|u) (?:won't|will not|wont) live (?:to|much|long|past)\b/g },
  { category: 'threat', pattern: /\bi know where (?:you|u|your \S+) (?:live|lives|work|works|sleep|go|goes)\b/g },
  {
    category: 'threat',
    pattern: /\b(?:watch your back|sleep with one eye open|you're dead|ur dead|you are dead meat)\b/g,
  },
  { category: 'threat', pattern: /\bput a bullet (?:in|through) (?:your|ur|his|her|their)\b/g },
  {
    category: 'threat',
    pattern:
      /\b(?:you|u|people like you|they|he|she) (?:should|deserve to|deserves to|ought to|need to|needs to) (?:be )?(?:shot|killed|hanged|hung|raped|stabbed|lynched|gassed|burned|beaten|die)\b/g,
  },
  {
    category: 'threat',
    pattern: /\b(?:you|u)(?:'ll| will) (?:end up|be) (?:dead|in a ditch|in the hospital|in hospital|in a box)\b/g,
  },
  { category: 'threat', pattern: /\b(?:burn|burning) (?:your|ur) (?:house|home|shop|car) down\b/g },
  {
    category: 'threat',
    pattern: /\bput (?:you|u) in (?:the |a )?(?:hospital|ground|grave|wheelchair|coffin|body bag)\b/g,
  },
  { category: 'threat', pattern: /\bbreak every bone in (?:your|ur) body\b/g },
  {
    category: 'threat',
    pattern:
      /\b(?:should|supposed to|ought to|deserves? to|needs? to|must) be (?:hanged|lynched|gassed|castrated|raped|shot dead|beaten to death|strung up|put against a wall)\b/g,
  },
  {
    category: 'insult',
    pattern: /\b(?:sad|pathetic|poor) excuse (?:for|of) a (?:human|person|man|woman|human being|teammate|manager)\b/g,
  },
  {
    category: 'insult',
    pattern: /\b(?:your|ur) (?:brain|iq) (?:must be |is )?(?:the size of|lower than|smaller than)\b/g,
  },
  {
    category: 'insult',
    pattern: /\b(?:waste of (?:space|oxygen|air|skin)|eat a bag of dicks|nobody asked for your)\b/g,
  },
  { category: 'insult', pattern: /\b(?:piece of (?:shit|crap|trash|garbage|filth)|pos|scum of the earth)\b/g },
  {
    category: 'harassment',
    pattern: /\b(?:kill|hang|shoot|off|drown|stab) (?:yourself|urself|yourselves)\b/g,
  },
  { category: 'harassment', pattern: /\bkys\b/g },
  { category: 'harassment', pattern: /\bgo (?:die|jump off|hang|drown)\b/g },
  {
    category: 'harassment',
    pattern: /\b(?:nobody|no one|noone) (?:would miss|will miss|likes|wants|cares about) (?:you|u)\b/g,
  },
  { category: 'harassment', pattern: /\b(?:everyone|everybody) (?:hates|is laughing at) (?:you|u)\b/g },
  {
    category: 'sexual',
    pattern:
      /\bsend (?:me )?(?:your |ur |some |more )?(?:nudes|nude pics|naked pics|pics of your (?:body|tits|boobs|ass))\b/g,
  },
  { category: 'sexual', pattern: /\b(?:show me|take off) (?:your|ur) (?:body|clothes|tits|boobs|ass)\b/g },
  { category: 'sexual', pattern: /\b(?:sit on my (?:face|lap)|i'd tap that|id tap that)\b/g },
  { category: 'sexual', pattern: /\bnice (?:tits|ass|boobs|rack)\b/g },
  { category: 'sexual', pattern: /\b(?:picture|pictures|pic|pics|photo|photos) of your (?:boobs|tits|ass|body)\b/g },
  { category: 'sexual', pattern: /\bwith your clothes off\b/g },
  { category: 'sexual', pattern: /\bwhat's under (?:that|your|ur) (?:skirt|dress|shirt|top)\b/g },
];

/**
 * Finds threat, self-harm-incitement and sexual-harassment phrases in de-obfuscated tokens.
 * Spans are in the scanned text.
 *
 * @example
 * findPhraseHits(tokenizeForLexicon("i'll find u and hurt u")) // [{ category: 'threat', … }]
 */
export function findPhraseHits(tokens: readonly LexiconToken[]): PhraseHit[] {
  if (tokens.length === 0) return [];
  const starts: number[] = [];
  let joined = '';
  for (const token of tokens) {
    if (joined !== '') joined += ' ';
    starts.push(joined.length);
    joined += token.canonical;
  }
  const tokenAt = (offset: number): number => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  };
  const hits: PhraseHit[] = [];
  for (const { category, pattern } of phrasePatterns) {
    pattern.lastIndex = 0;
    for (const match of joined.matchAll(pattern)) {
      const first = tokens[tokenAt(match.index)]!;
      const last = tokens[tokenAt(match.index + Math.max(0, match[0].length - 1))]!;
      hits.push({ category, start: first.start, end: last.end });
    }
  }
  return hits;
}
