// Look-alike folding for domain labels, after Unicode TS #39 "skeletons" but limited to the
// characters that matter in hostnames: Cyrillic, Greek, Armenian and Latin extensions that render
// like ASCII letters, plus the digit/letter swaps typosquatters use (paypa1, g00gle, rn → m).

const confusableLetters: Readonly<Record<string, string>> = {
  // Cyrillic
  а: 'a',
  в: 'b',
  с: 'c',
  ԁ: 'd',
  е: 'e',
  ё: 'e',
  һ: 'h',
  і: 'i',
  ї: 'i',
  ј: 'j',
  к: 'k',
  ӏ: 'l',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  ԛ: 'q',
  г: 'r',
  ѕ: 's',
  т: 't',
  у: 'y',
  ѵ: 'v',
  ԝ: 'w',
  х: 'x',
  ү: 'y',
  ɡ: 'g',
  // Greek
  α: 'a',
  β: 'b',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ω: 'w',
  // Armenian
  օ: 'o',
  ո: 'n',
  ս: 'u',
  հ: 'h',
  ց: 'g',
  // Latin extensions and dotless forms
  ı: 'i',
  ȷ: 'j',
  ɑ: 'a',
  ɩ: 'i',
  ʟ: 'l',
  ɴ: 'n',
  ᴏ: 'o',
  // digits used as letters
  '0': 'o',
  '1': 'l',
  '3': 'e',
  '5': 's',
  '|': 'l',
};

/**
 * Folds a domain label to a Latin skeleton: NFKD, diacritics dropped, look-alikes mapped.
 *
 * @example
 * hostSkeleton('аррӏе'); // 'apple'
 * hostSkeleton('paypa1'); // 'paypal'
 */
export function hostSkeleton(label: string): string {
  const folded = label.normalize('NFKD').toLowerCase().replace(/\p{M}/gu, '');
  let skeleton = '';
  for (const character of folded) skeleton += confusableLetters[character] ?? character;
  return skeleton.replace(/rn/g, 'm').replace(/vv/g, 'w').replace(/cl/g, 'd').replace(/-/g, '');
}

/** Scripts that contain letters which render like Latin ones. */
const confusableScripts = [
  ['latin', /\p{Script=Latin}/u],
  ['cyrillic', /\p{Script=Cyrillic}/u],
  ['greek', /\p{Script=Greek}/u],
  ['armenian', /\p{Script=Armenian}/u],
  ['cherokee', /\p{Script=Cherokee}/u],
] as const;

/**
 * The look-alike scripts present in a label; more than one means a mixed-script label.
 *
 * @example
 * labelScripts('pаypal'); // ['latin', 'cyrillic']
 */
export function labelScripts(label: string): readonly string[] {
  return confusableScripts.filter(([, pattern]) => pattern.test(label)).map(([name]) => name);
}

/**
 * Brands most often impersonated in phishing, by their registrable label.
 *
 * @example
 * popularBrands.includes('paypal'); // true
 */
export const popularBrands: readonly string[] = [
  'google',
  'gmail',
  'youtube',
  'facebook',
  'instagram',
  'whatsapp',
  'apple',
  'icloud',
  'microsoft',
  'outlook',
  'office',
  'office365',
  'windows',
  'amazon',
  'paypal',
  'netflix',
  'github',
  'gitlab',
  'linkedin',
  'twitter',
  'dropbox',
  'adobe',
  'yahoo',
  'bankofamerica',
  'wellsfargo',
  'citibank',
  'chase',
  'coinbase',
  'binance',
  'metamask',
  'openai',
  'chatgpt',
  'anthropic',
  'stripe',
  'ebay',
  'steam',
  'steampowered',
  'discord',
  'slack',
  'zoom',
  'okta',
  'salesforce',
  'docusign',
  'fedex',
  'dhl',
  'usps',
  'wikipedia',
  'telegram',
  'tiktok',
  'spotify',
];
