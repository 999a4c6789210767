import type { LinearClassifier } from '../../models/shared/linear-classifier.js';
import type { Finding } from '../../scanner/types.js';
import type { TextView } from '../../text/text-view.js';
import { findGroupMentions } from '../bias/protected-groups.js';
import { categorizeHazard, type HazardCategory, hazardSeverity } from './hazard-taxonomy.js';

// First-person (or a friend's) distress without a request for a method. Bounded literal
// alternations only: linear time.
const distressPatterns: readonly RegExp[] = [
  /\b(?:suicidal|suicide|kill myself|killing myself|end my life|ending my life|end it all|ending it|take my own life)\b/,
  /\b(?:don't|do not|dont) (?:want to|wanna) (?:live|be alive|be here|exist|wake up)\b/,
  /\b(?:want to|wanna|wish i could|wish i was|wish i were) (?:die|be dead|disappear)\b/,
  /\b(?:hurt|hurting|harm|harming|cut|cutting|burn|burned|burning) myself\b/,
  /\bself[- ]?harm(?:ing)?\b/,
  /\b(?:better off without me|no point (?:in )?(?:living|going on)|see the point (?:in|of) living|no reason to live)\b/,
  /\b(?:hopeless|empty|worthless) and\b/,
  /\b(?:eating disorder|anorexia|bulimia)\b/,
  /\b(?:wants|want|talks about|talking about|told me (?:she|he|they) (?:wants|want)) to (?:end (?:her|his|their) life|kill (?:herself|himself|themselves))\b/,
  /\b(?:kill|end) (?:herself|himself|themselves|her life|his life|their life)\b/,
];

// Asking for a way to do it: a method, an amount, a place, a speed.
const methodPatterns: readonly RegExp[] = [
  /\b(?:how (?:many|much|long|deep|high)|best way|easiest way|quickest way|fastest way|quick way|painless|most painless|reliable way|surest way|which (?:pills|drugs|bridge|building|method)|what (?:dose|amount)|enough to (?:die|kill|not wake))\b/,
  /\b(?:without (?:anyone|them|my parents|my doctor|my family) (?:noticing|knowing|finding out)|hide (?:the|my) (?:marks|scars|cuts|anorexia|weight loss)|so nobody (?:can see|notices|finds out))\b/,
  /\b(?:how (?:do|can|should|would) i|tips to|tips for|ways to) (?:kill|hang|cut|starve|purge|overdose|suffocate|end|hurt|burn|drown)\b/,
  /\b(?:kill myself|end my life|end it) (?:by|with|using)\b/,
  /\b(?:jumping off|stepping in front of|jump off|step in front of) (?:a |the )?(?:bridge|building|train|bus|roof|cliff)\b/,
];

// Evasion and targeting: the request wants not to be caught, or to act on a person covertly.
const evasionPatterns: readonly RegExp[] = [
  /\bwithout (?:getting caught|being caught|being traced|being detected|detection|a trace|leaving (?:a trace|evidence|marks|bruises)|anyone (?:knowing|noticing|finding out|seeing)|(?:him|her|them|my \w+) (?:knowing|noticing|finding out))\b/,
  /\b(?:undetected|untraceable|get away with it|get away with|make it look like an accident|look like (?:an accident|natural causes|suicide))\b/,
];

// Self-harm concealment or method without a first-person distress phrase ("where should I cut so nobody sees").
const selfHarmConcealment =
  /\b(?:cut|cutting|burn|burning|scratch|starve|starving|purge|purging)\b[^.?!\n]{0,40}\b(?:so (?:nobody|no one|noone) (?:can see|sees|notices|will see|will notice)|(?:hide|hiding|cover|covering) (?:the |my )?(?:marks|scars|cuts|burns|it from))\b/;

// Protective, educational or historical framing at the start of the request.
const protectiveFraming: readonly RegExp[] = [
  /^(?:how (?:can|do|should|could) (?:i|we|you|people|parents|companies|businesses) (?:protect|defend|secure|harden|prevent|detect|spot|tell if|tell whether|check if|check whether|check for|recognise|recognize|report|avoid|remove|stop|respond|recover|keep \w+ safe|safely dispose|help))\b/,
  /^(?:what (?:are|is) (?:the |some |common )?(?:signs|warning signs|symptoms|indicators|history|difference|risks|dangers|side effects|treatment)|what (?:happened|was|were|caused|causes|should i do if)|how did|who (?:was|were|is)|why (?:is|are|was|were|did|do|does)|when (?:was|did)|is it (?:safe|dangerous|legal|normal|ok|okay)|can (?:i|you) (?:take|drink|mix|give|eat|combine)|how (?:do|does|can) (?:\w+ )?(?:scams?|scammers|fraudsters|criminals|hackers|attackers|phishing|skimmers?|traffickers) \w+)\b/,
  /\b(?:best way to (?:detect|prevent|protect|stop|spot|avoid|defend|secure|report)|for (?:a|my) (?:security|awareness) training|to protect (?:myself|my|our|against)|defend against|protect against)\b/,
];

/** The harmful-request verdict of one text before thresholding. */
export interface HarmfulRequestAnalysis {
  readonly score: number;
  readonly modelScore: number;
  readonly category: HazardCategory;
  /** Help-seeking self-harm disclosure (reported as `self-harm.support`). */
  readonly support: boolean;
  /** A request for a self-harm method. */
  readonly method: boolean;
  /** How the request is framed: evading detection, protective/educational, or neither. */
  readonly framing: 'evasive' | 'protective' | 'neutral';
}

/**
 * Scores a text as a harmful request: the classifier over the original and normalised views (max
 * wins), the hazard category from the taxonomy's keywords, and the self-harm support/method split.
 *
 * @example
 * analyzeHarmfulRequest(text, buildViews(text), classifier).category
 */
export function analyzeHarmfulRequest(
  text: string,
  views: readonly TextView[],
  classifier: LinearClassifier,
): HarmfulRequestAnalysis {
  let modelScore = classifier.score(text).probability;
  for (const view of views) {
    if (view.kind === 'original' || view.kind === 'normalized' || view.kind === 'leet') continue;
    modelScore = Math.max(modelScore, classifier.score(view.text).probability);
  }
  const lower = (views.find((view) => view.kind === 'normalized')?.text ?? text.toLowerCase()).replace(/’/g, "'");
  const distress = distressPatterns.some((pattern) => pattern.test(lower));
  const method = (distress && methodPatterns.some((pattern) => pattern.test(lower))) || selfHarmConcealment.test(lower);
  // A disclosure is support-worthy even without an explicit request for help.
  const support = distress && !method;
  const trimmed = lower.trimStart();
  const framing = evasionPatterns.some((pattern) => pattern.test(lower))
    ? 'evasive'
    : // "Why are <group> so …?" is a loaded question, not an educational one.
      protectiveFraming.some((pattern) => pattern.test(trimmed)) &&
        !findGroupMentions(lower).some((mention) => !mention.weak)
      ? 'protective'
      : 'neutral';
  let category = categorizeHazard(lower);
  // Framing moves the score toward 1 (evasion) or halves it (protective); the model still decides.
  let score =
    framing === 'evasive'
      ? modelScore + (1 - modelScore) * 0.5
      : framing === 'protective'
        ? modelScore * 0.5
        : modelScore;
  if (method) {
    category = 'harmful.self-harm';
    score = Math.max(score, 0.9);
  }
  return { score, modelScore, category, support, method, framing };
}

/**
 * Findings of an analysis: a `harmful.*` finding at or above the threshold, and a
 * `self-harm.support` finding for help-seeking disclosures (whatever the threshold).
 *
 * @example
 * harmfulRequestFindings(analysis, 0.5)
 */
export function harmfulRequestFindings(
  analysis: HarmfulRequestAnalysis,
  threshold: number,
  text: string,
  categories?: ReadonlySet<HazardCategory>,
): Finding[] {
  const span = { start: 0, end: text.length };
  const rounded = Math.round(analysis.score * 1000) / 1000;
  if (analysis.support) {
    if (categories !== undefined && !categories.has('self-harm.support')) return [];
    return [
      {
        scanner: 'harmful-request',
        category: 'self-harm.support',
        severity: hazardSeverity('self-harm.support'),
        score: Math.max(0.8, rounded),
        span,
        message: 'The person describes suicidal thoughts or self-harm and may need support.',
        metadata: { modelScore: Math.round(analysis.modelScore * 1000) / 1000 },
      },
    ];
  }
  if (analysis.score < threshold) return [];
  const category = analysis.category === 'self-harm.support' ? 'harmful.self-harm' : analysis.category;
  if (categories !== undefined && !categories.has(category)) return [];
  return [
    {
      scanner: 'harmful-request',
      category,
      severity: hazardSeverity(category),
      score: rounded,
      span,
      message: 'Request for help with a harmful activity.',
      metadata: { modelScore: Math.round(analysis.modelScore * 1000) / 1000, method: analysis.method },
    },
  ];
}
