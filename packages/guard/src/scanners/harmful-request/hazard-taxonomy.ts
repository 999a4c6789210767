/**
 * Palisade's hazard taxonomy for harmful requests, aligned with the MLCommons AILuminate hazard
 * categories (v1.0: violent crimes, non-violent crimes, sex-related crimes, child sexual
 * exploitation, indiscriminate weapons (CBRNE), suicide & self-harm, hate, privacy, …) and split
 * where a policy usually wants different actions. docs/content-safety.md has the full table.
 */

/** Finding categories of the `harmful-request` scanner. */
export type HazardCategory =
  | 'harmful.weapons-cbrn'
  | 'harmful.weapons'
  | 'harmful.cyber'
  | 'harmful.fraud'
  | 'harmful.self-harm'
  | 'harmful.drugs'
  | 'harmful.surveillance'
  | 'harmful.violence'
  | 'harmful.extremism'
  | 'harmful.harassment'
  | 'harmful.child-safety'
  | 'harmful.hate'
  | 'harmful.other'
  | 'self-harm.support';

/** One hazard: its MLCommons counterpart, severity and the keyword stems that point to it. */
export interface Hazard {
  readonly category: HazardCategory;
  readonly mlcommons: string;
  readonly severity: 'medium' | 'high' | 'critical';
  readonly description: string;
  /** Lower-case word prefixes (matched at a word start). */
  readonly stems: readonly string[];
}

/** The taxonomy, in tie-break order (earlier wins on equal keyword evidence). */
export const hazardTaxonomy: readonly Hazard[] = [
  {
    category: 'harmful.child-safety',
    mlcommons: 'Child sexual exploitation (cse)',
    severity: 'critical',
    description: 'Sexual content involving minors, grooming, access to children for abuse.',
    stems: [
      'child',
      'children',
      'minor',
      'kid',
      'twelve-year',
      'year-old',
      'teen',
      'underage',
      'groom',
      'pedo',
      'paedo',
      'csam',
      'student',
    ],
  },
  {
    category: 'harmful.weapons-cbrn',
    mlcommons: 'Indiscriminate weapons (iwp)',
    severity: 'critical',
    description: 'Chemical, biological, radiological and nuclear weapons and mass-casualty explosives.',
    stems: [
      'sarin',
      'vx',
      'tabun',
      'nerve agent',
      'mustard gas',
      'chlorine gas',
      'toxic gas',
      'anthrax',
      'ricin',
      'botulinum',
      'plague',
      'pathogen',
      'virus',
      'bioweapon',
      'biological',
      'chemical weapon',
      'chemical warfare',
      'uranium',
      'plutonium',
      'dirty bomb',
      'radiological',
      'nuclear',
      'polonium',
      'enrich',
      'weaponiz',
      'weaponis',
      'aerosoli',
      'precursor',
      'dimethylmercury',
    ],
  },
  {
    category: 'harmful.weapons',
    mlcommons: 'Indiscriminate weapons (iwp) / violent crimes (vcr)',
    severity: 'high',
    description: 'Firearms, explosives, untraceable or converted weapons.',
    stems: [
      'bomb',
      'explosive',
      'ied',
      'grenade',
      'detonat',
      'tatp',
      'napalm',
      'molotov',
      'gun',
      'firearm',
      'rifle',
      'pistol',
      'silencer',
      'suppressor',
      'ammunition',
      'ammo',
      'automatic',
      'ar-15',
      'ghost gun',
      'serial number',
      'weapon',
    ],
  },
  {
    category: 'harmful.cyber',
    mlcommons: 'Non-violent crimes (ncr): cyber crime',
    severity: 'high',
    description: 'Malware, intrusion, credential theft, denial of service.',
    stems: [
      'malware',
      'ransomware',
      'virus',
      'worm',
      'trojan',
      'keylogger',
      'botnet',
      'ddos',
      'exploit',
      'hack',
      'phish',
      'brute force',
      'credential',
      'password',
      'sql injection',
      'zero-day',
      'rootkit',
      'backdoor',
      'spyware',
      'payload',
      'privilege escalation',
      'sandbox escape',
      'bypass',
      'crack',
      'wifi',
      'session cookie',
      'antivirus',
      'shellcode',
      'reverse shell',
    ],
  },
  {
    category: 'harmful.fraud',
    mlcommons: 'Non-violent crimes (ncr): fraud, scams',
    severity: 'high',
    description: 'Scams, phishing messages, identity theft, counterfeiting, money laundering.',
    stems: [
      'scam',
      'fraud',
      'phishing',
      'fake id',
      'counterfeit',
      'launder',
      'ponzi',
      'pyramid scheme',
      'identity theft',
      'stolen credit',
      'credit card number',
      'forge',
      'fake review',
      'insurance fraud',
      'impersonat',
      'pretending to be',
      'romance scam',
      'tax return',
      'skim',
      'invoice',
      'embezzl',
      'bribe',
      'lottery',
    ],
  },
  {
    category: 'harmful.self-harm',
    mlcommons: 'Suicide & self-harm (ssh)',
    severity: 'critical',
    description: 'Methods of suicide, self-injury or disordered eating.',
    stems: [
      'kill myself',
      'suicide',
      'end my life',
      'overdose',
      'hang myself',
      'cut myself',
      'cutting',
      'self-harm',
      'self harm',
      'starve myself',
      'purge',
      'anorexi',
      'bulimi',
      'wrists',
      'bleed out',
      'not wake up',
      'die',
      'painless',
      'suffocate myself',
      'jump off',
    ],
  },
  {
    category: 'harmful.drugs',
    mlcommons: 'Non-violent crimes (ncr): drug crimes',
    severity: 'high',
    description: 'Synthesis, extraction, trafficking and sale of illegal drugs.',
    stems: [
      'meth',
      'cocaine',
      'crack',
      'heroin',
      'fentanyl',
      'mdma',
      'ecstasy',
      'lsd',
      'dmt',
      'ghb',
      'ketamine',
      'opioid',
      'oxycodone',
      'weed',
      'cannabis',
      'drug',
      'smuggl',
      'dark web',
      'narcotic',
      'pseudoephedrine',
      'synthesi',
      'cook',
    ],
  },
  {
    category: 'harmful.surveillance',
    mlcommons: 'Privacy (prv): stalking and covert surveillance',
    severity: 'high',
    description: 'Covert tracking, spyware on another person, hidden cameras, following someone.',
    stems: [
      'track',
      'without her knowing',
      'without him knowing',
      'without them knowing',
      'secretly',
      'spy',
      'hidden camera',
      'hide a',
      'gps tracker',
      'follow someone',
      'follow them',
      'monitor',
      'read her messages',
      'read his messages',
      'record',
      'stalk',
      'where she lives',
      'where he lives',
      'location',
    ],
  },
  {
    category: 'harmful.extremism',
    mlcommons: 'Violent crimes (vcr): terrorism; hate (hte)',
    severity: 'critical',
    description: 'Recruitment, propaganda, planning or financing for violent extremism and terrorism.',
    stems: [
      'isis',
      'terror',
      'jihad',
      'militia',
      'manifesto',
      'extremis',
      'radicali',
      'neo-nazi',
      'nazi',
      'recruit',
      'propaganda',
      'overthrow',
      'martyr',
      'christchurch',
      'hijacker',
      'mass shooting',
      'white supremac',
    ],
  },
  {
    category: 'harmful.violence',
    mlcommons: 'Violent crimes (vcr)',
    severity: 'high',
    description: 'Physical harm to people or animals: assault, murder, poisoning, kidnapping, torture.',
    stems: [
      'kill',
      'murder',
      'poison',
      'stab',
      'beat',
      'hurt',
      'attack',
      'kidnap',
      'torture',
      'assault',
      'strangle',
      'hitman',
      'arson',
      'fire at',
      'run over',
      'knock out',
      'knocked out',
      'injure',
      'antifreeze',
      'death',
      'accident',
    ],
  },
  {
    category: 'harmful.harassment',
    mlcommons: 'Privacy (prv) / defamation (dfm) / hate (hte): harassment',
    severity: 'high',
    description: 'Doxxing, bullying, threatening messages, defamatory rumours, non-consensual imagery.',
    stems: [
      'doxx',
      'dox',
      'home address',
      'phone number',
      'personal details',
      'harass',
      'bully',
      'threatening',
      'humiliat',
      'rumour',
      'rumor',
      'swat',
      'insulting messages',
      'fake nude',
      'fake account',
      'personal phone',
    ],
  },
  {
    category: 'harmful.hate',
    mlcommons: 'Hate (hte)',
    severity: 'high',
    description: 'Requests to produce hateful, dehumanising or discriminatory content about protected groups.',
    stems: [
      'racist',
      'racial slur',
      'slurs',
      'insults for',
      'inferior',
      'mocking',
      'stereotypes',
      'hate',
      'jews',
      'muslims',
      'black people',
      'immigrants',
      'gay people',
      'women are',
    ],
  },
];

/** Severity and MLCommons mapping of `harmful.other` and `self-harm.support`. */
export const otherHazards: readonly Hazard[] = [
  {
    category: 'harmful.other',
    mlcommons: 'Other / specialised advice',
    severity: 'medium',
    description: 'Clearly harmful request that fits no category above.',
    stems: [],
  },
  {
    category: 'self-harm.support',
    mlcommons: 'Suicide & self-harm (ssh): help-seeking',
    severity: 'medium',
    description:
      'A person disclosing suicidal thoughts or self-harm, or asking how to help someone who is: answer with support and resources, not a block.',
    stems: [],
  },
];

const hazardsByStem = new Map<string, number[]>();
for (const [index, hazard] of hazardTaxonomy.entries()) {
  for (const stem of hazard.stems) hazardsByStem.set(stem, [...(hazardsByStem.get(stem) ?? []), index]);
}
const escapeStem = (stem: string): string => stem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// One alternation of literal stems (longest first) anchored at a word start: one linear pass.
const stemPattern = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${[...hazardsByStem.keys()]
    .sort((left, right) => right.length - left.length)
    .map(escapeStem)
    .join('|')})`,
  'gu',
);

/**
 * The hazard whose keyword stems best match a (lower-cased) text, or `harmful.other`. Phrase stems
 * count double; ties go to the earlier hazard in the taxonomy.
 *
 * @example
 * categorizeHazard('how do i cook meth at home') // 'harmful.drugs'
 */
export function categorizeHazard(lowerText: string): HazardCategory {
  const counts = new Array<number>(hazardTaxonomy.length).fill(0);
  for (const match of lowerText.matchAll(stemPattern)) {
    const stem = match[0];
    for (const index of hazardsByStem.get(stem) ?? []) counts[index]! += stem.includes(' ') ? 2 : 1;
  }
  let best: HazardCategory = 'harmful.other';
  let bestCount = 0;
  for (const [index, count] of counts.entries()) {
    if (count > bestCount) {
      bestCount = count;
      best = hazardTaxonomy[index]!.category;
    }
  }
  return best;
}

/** Severity of a hazard category. */
export function hazardSeverity(category: HazardCategory): Hazard['severity'] {
  return [...hazardTaxonomy, ...otherHazards].find((hazard) => hazard.category === category)?.severity ?? 'medium';
}
