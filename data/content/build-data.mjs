// Converts the hand-written sources (sources/*.txt, "## <label> <category>" headers, one text a
// line) into the JSON Lines files used for training and evaluation. Run: node data/content/build-data.mjs
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));

function convert(sourcePath, targetPath, source) {
  const lines = readFileSync(sourcePath, 'utf8').split('\n');
  const rows = [];
  const seen = new Set();
  let label = '';
  let category = '';
  for (const line of lines) {
    const text = line.trim();
    if (text === '') continue;
    if (text.startsWith('## ')) {
      [label = '', category = ''] = text.slice(3).split(' ');
      continue;
    }
    const key = text.toLowerCase().replace(/\s+/g, ' ');
    if (seen.has(key)) throw new Error(`duplicate row in ${sourcePath}: ${text}`);
    seen.add(key);
    rows.push(JSON.stringify({ text, label, category, source }));
  }
  mkdirSync(dirname(targetPath), { recursive: true });
  writeFileSync(targetPath, `${rows.join('\n')}\n`);
  return rows.length;
}

for (const name of readdirSync(join(root, 'sources'))) {
  if (!name.endsWith('.txt')) continue;
  const count = convert(join(root, 'sources', name), join(root, name.replace('.txt', '.jsonl')), 'palisade-content');
  console.log(`${name}: ${count}`);
}
for (const name of readdirSync(join(root, 'sources', 'eval'))) {
  const count = convert(
    join(root, 'sources', 'eval', name),
    join(root, 'eval', name.replace('.txt', '.jsonl')),
    'palisade-content-eval',
  );
  console.log(`eval/${name}: ${count}`);
}

// Templated identity rows: the same groups with hateful and with neutral/supportive predicates, so
// the model learns that the predicate, not the group word, carries the toxicity.
const groups = [
  'women',
  'men',
  'gay people',
  'lesbians',
  'trans people',
  'black people',
  'white people',
  'asians',
  'muslims',
  'jews',
  'christians',
  'hindus',
  'immigrants',
  'refugees',
  'disabled people',
  'mexicans',
  'arabs',
  'indians',
  'old people',
  'bisexual people',
  'africans',
  'chinese people',
  'latinos',
  'roma',
];
const hateful = [
  'are disgusting',
  'are vermin',
  'should be exterminated',
  'are a plague on this country',
  'are subhuman',
  'are worthless and always will be',
  "don't deserve any rights",
  'should all be locked up',
  'are filthy animals',
  'need to be wiped out',
  'are too stupid to think for themselves',
  'make me sick',
  'are a cancer on society',
  'should go back where they came from',
  'are all criminals and liars',
  'are inferior to us',
];
const hatefulPrefix = ['I hate', 'I despise', 'Death to all', 'We should get rid of', 'I want to hurt', 'Nobody wants'];
const neutral = [
  'deserve equal rights',
  'are welcome here',
  'live in every country in the world',
  'contribute a lot to our city',
  'face discrimination at work',
  'should be treated with respect',
  'are my neighbours and friends',
  'organised a charity run last weekend',
  'are represented in parliament',
  'are as diverse as any other group',
  'were the focus of the new study',
  'have a rich history',
  'often face online abuse',
  'are just people like anyone else',
];
const neutralPrefix = [
  'I love',
  'I stand with',
  'I work with many',
  'We should support',
  'I respect',
  'Our club welcomes',
];
const templated = [];
for (const [groupIndex, group] of groups.entries()) {
  const pick = (list, offset) => list[(groupIndex * 7 + offset) % list.length];
  for (let offset = 0; offset < 4; offset += 1) {
    const capital = group[0].toUpperCase() + group.slice(1);
    templated.push({
      text: `${capital} ${pick(hateful, offset * 3)}.`,
      label: 'toxic',
      category: 'toxicity.identity-hate',
    });
    templated.push({
      text: `${pick(hatefulPrefix, offset)} ${group}.`,
      label: 'toxic',
      category: 'toxicity.identity-hate',
    });
    templated.push({
      text: `${capital} ${pick(neutral, offset * 3)}.`,
      label: 'non_toxic',
      category: 'identity-neutral',
    });
    templated.push({
      text: `${pick(neutralPrefix, offset)} ${group}.`,
      label: 'non_toxic',
      category: 'identity-neutral',
    });
  }
}
// Counter-speech quotes the hateful claim and rejects it: non-toxic.
const counterFrames = [
  (g, h) => `It's not okay to claim that ${g} ${h}.`,
  (g, h) => `Stop saying ${g} ${h}; it's bigoted and false.`,
  (g, h) => `People who think ${g} ${h} have clearly never met any.`,
  (g) => `Stop spreading hate about ${g}, they deserve respect.`,
  (g) => `I won't let anyone in this group insult ${g}.`,
];
for (const [groupIndex, group] of groups.entries()) {
  for (let offset = 0; offset < 3; offset += 1) {
    const frame = counterFrames[(groupIndex + offset * 2) % counterFrames.length];
    templated.push({
      text: frame(group, hateful[(groupIndex * 5 + offset) % hateful.length]),
      label: 'non_toxic',
      category: 'counter-speech',
    });
  }
}
// Insults at non-protected groups (politics, jobs, fandoms) are toxic too, and the same groups in
// civil criticism are not.
const otherGroups = [
  'democrats',
  'republicans',
  'liberals',
  'conservatives',
  'leftists',
  'politicians',
  'lawyers',
  'cops',
  'landlords',
  'vegans',
  'bankers',
  'journalists',
  'gamers',
  'tech bros',
  'football fans',
  'the protesters',
];
const insultingPredicates = [
  'are brainless idiots',
  'are a bunch of lying scumbags',
  'are vermin, every last one',
  'are evil demons',
  'are traitors and should be hanged',
  'are pathetic losers',
  'are too stupid to breathe',
  'are parasites',
  'are a cult of morons',
  'are disgusting pigs',
];
const civilPredicates = [
  'have the wrong tax policy in my opinion',
  'made a bad decision on housing',
  'should explain their budget better',
  'are wrong about this bill',
  'often disagree with each other',
  'held a rally downtown',
  'will hold a meeting on Tuesday',
  'published a report on spending',
  'lost the vote narrowly',
  'need to listen more',
];
for (const [groupIndex, group] of otherGroups.entries()) {
  const capital = group[0].toUpperCase() + group.slice(1);
  for (let offset = 0; offset < 3; offset += 1) {
    templated.push({
      text: `${capital} ${insultingPredicates[(groupIndex + offset * 3) % insultingPredicates.length]}.`,
      label: 'toxic',
      category: 'toxicity.insult',
    });
    templated.push({
      text: `${capital} ${civilPredicates[(groupIndex * 3 + offset) % civilPredicates.length]}.`,
      label: 'non_toxic',
      category: 'civil-criticism',
    });
  }
}
const unique = new Map(templated.map((row) => [row.text.toLowerCase(), row]));
writeFileSync(
  join(root, 'toxicity-train-templates.jsonl'),
  `${[...unique.values()].map((row) => JSON.stringify({ ...row, source: 'palisade-content-templates' })).join('\n')}\n`,
);
console.log(`toxicity-train-templates.jsonl: ${unique.size}`);

// Templated bias rows: generalising frames vs. neutral, factual and counter-stereotype frames over
// the same groups and traits, so the frame ("X are naturally …") carries the signal, not the group.
const biasGroups = [
  'women',
  'men',
  'girls',
  'old people',
  'young people',
  'teenagers',
  'muslims',
  'christians',
  'jews',
  'hindus',
  'atheists',
  'black people',
  'white people',
  'asians',
  'latinos',
  'arabs',
  'immigrants',
  'mexicans',
  'germans',
  'french people',
  'indians',
  'chinese people',
  'nigerians',
  'disabled people',
  'autistic people',
  'blind people',
  'gay men',
  'lesbians',
  'bisexual people',
  'trans people',
  'boomers',
  'millennials',
];
const traits = [
  'lazy',
  'greedy',
  'violent',
  'stupid',
  'bad at math',
  'terrible drivers',
  'too emotional',
  'weak',
  'dishonest',
  'dirty',
  'loud and rude',
  'bad with technology',
  'untrustworthy',
  'aggressive',
  'incompetent',
  'selfish',
];
const biasedFrames = [
  (g, t) => `${g} are naturally ${t}.`,
  (g, t) => `All ${g} are ${t}.`,
  (g, t) => `${g} are always ${t}, it's just how they are.`,
  (g, t) => `Everyone knows ${g} are ${t}.`,
  (g, t) => `You can't hire ${g}, they're ${t}.`,
  (g, t) => `Typical ${g}, ${t} as usual.`,
  (g, t) => `${g} tend to be ${t} by nature.`,
  (g) => `${g} can't be trusted with responsibility.`,
  (g) => `${g} shouldn't be allowed to lead teams.`,
  (g) => `${g} are inferior at most jobs.`,
];
const neutralFrames = [
  (g, t) => `It is a stereotype that ${g} are ${t}.`,
  (g, t) => `The idea that ${g} are ${t} is not supported by evidence.`,
  (g, t) => `Not all ${g} are ${t}; that's a harmful myth.`,
  (g) => `${g} live in every part of the country.`,
  (g) => `Many ${g} work in healthcare and education.`,
  (g) => `The survey interviewed 500 ${g} about their commute.`,
  (g) => `${g} are as diverse as any other group.`,
  (g) => `Several ${g} joined the board this year.`,
  (g) => `${g} often face discrimination when looking for housing.`,
  (g) => `The festival was organised by local ${g}.`,
];
const biasRows = new Map();
for (const [groupIndex, group] of biasGroups.entries()) {
  const capital = (text) => text[0].toUpperCase() + text.slice(1);
  for (let offset = 0; offset < 5; offset += 1) {
    const trait = traits[(groupIndex * 5 + offset) % traits.length];
    const biased = biasedFrames[(groupIndex + offset * 3) % biasedFrames.length];
    const neutral = neutralFrames[(groupIndex * 2 + offset * 3) % neutralFrames.length];
    const biasedText = capital(biased(group, trait));
    const neutralText = capital(neutral(group, trait));
    biasRows.set(biasedText.toLowerCase(), { text: biasedText, label: 'biased', category: 'bias.template' });
    biasRows.set(neutralText.toLowerCase(), { text: neutralText, label: 'unbiased', category: 'bias.none' });
  }
}
writeFileSync(
  join(root, 'bias-train-templates.jsonl'),
  `${[...biasRows.values()].map((row) => JSON.stringify({ ...row, source: 'palisade-content-templates' })).join('\n')}\n`,
);
console.log(`bias-train-templates.jsonl: ${biasRows.size}`);
