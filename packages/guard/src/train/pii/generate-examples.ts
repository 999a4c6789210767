// Node-only: deterministic training texts for the PII tagger, from Presidio's sentence templates
// (training split only), Palisade's own templates and benign prompts, filled by fake-values.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GazetteerData } from '../../models/pii/gazetteer.js';
import { hashString } from '../../models/pii/token-features.js';
import { sharedDataDirectory } from '../shared/load-labelled-data.js';
import { createSeededRandom } from '../shared/seeded-random.js';
import {
  address,
  cjkName,
  createPicker,
  createValuePools,
  dateString,
  organization,
  type Picker,
  personName,
  phoneNumber,
  streetName,
  type ValuePools,
} from './fake-values.js';
import { ownNameTemplates, ownNegativeTemplates, ownTemplates } from './own-templates.js';

/** A generated text with PERSON/ADDRESS gold spans. */
export interface GeneratedExample {
  readonly text: string;
  readonly spans: readonly { entity: 'PERSON' | 'ADDRESS'; start: number; end: number }[];
  readonly origin: string;
}

/** Presidio template ids (0-based line numbers) kept out of training, to measure unseen templates. */
export function isHeldOutTemplate(templateId: number): boolean {
  return hashString(`presidio-template-${templateId}`) % 10 < 4;
}

type Role = 'PERSON' | 'ADDRESS' | 'ADDRESS_PART' | 'O';

function capitalize(word: string): string {
  return word.length > 0 ? word[0]!.toUpperCase() + word.slice(1) : word;
}

function fill(placeholder: string, pools: ValuePools, picker: Picker): { value: string; role: Role } {
  const name = placeholder.trim();
  const given = () => capitalize(picker.pick(pools.latinGiven));
  const surname = () => capitalize(picker.pick(pools.latinSurnames));
  if (name.startsWith('address_')) {
    const code = name.slice(8);
    if (code === 'caps') return { value: address(pools, picker, 'us').toUpperCase(), role: 'ADDRESS' };
    return { value: address(pools, picker, code), role: 'ADDRESS' };
  }
  switch (name) {
    case 'person':
    case 'name':
    case 'name_female':
    case 'name_male':
      return { value: personName(pools, picker), role: 'PERSON' };
    case 'person_caps':
      return { value: personName(pools, picker).toUpperCase(), role: 'PERSON' };
    case 'person_cyrillic':
      return {
        value: `${capitalize(picker.pick(pools.cyrillicGiven))} ${capitalize(picker.pick(pools.cyrillicSurnames))}`,
        role: 'PERSON',
      };
    case 'person_cjk':
      return { value: cjkName(pools, picker), role: 'PERSON' };
    case 'first_name':
    case 'first_name_male':
    case 'first_name_female':
    case 'first_name_nonbinary':
      return { value: given(), role: 'PERSON' };
    case 'last_name':
    case 'last_name_male':
    case 'last_name_female':
      return { value: surname(), role: 'PERSON' };
    case 'address':
      return { value: address(pools, picker), role: 'ADDRESS' };
    case 'street_name':
    case 'street':
      return { value: streetName(pools, picker), role: 'ADDRESS' };
    case 'building_number':
      return { value: String(picker.int(1, 9999)), role: 'ADDRESS' };
    case 'secondary_address':
      return { value: `${picker.pick(['Apt.', 'Suite', 'Unit', 'Flat'])} ${picker.int(1, 999)}`, role: 'ADDRESS' };
    case 'city':
      return { value: capitalize(picker.pick(pools.cities)), role: 'ADDRESS_PART' };
    case 'country':
      return { value: capitalize(picker.pick(pools.countries)), role: 'ADDRESS_PART' };
    case 'state_abbr':
      return { value: picker.pick(['CA', 'NY', 'TX', 'WA', 'IL', 'FL', 'MA']), role: 'ADDRESS_PART' };
    case 'postcode':
    case 'zipcode':
      return { value: String(picker.int(10000, 99999)), role: 'ADDRESS_PART' };
    case 'organization':
      return { value: organization(pools, picker), role: 'O' };
    case 'phone_number':
    case 'phone':
      return { value: phoneNumber(picker), role: 'O' };
    case 'email':
      return {
        value: `${picker.pick(pools.latinGiven)}.${picker.pick(pools.latinSurnames)}@example.com`.toLowerCase(),
        role: 'O',
      };
    case 'title':
    case 'prefix':
    case 'prefix_male':
    case 'prefix_female':
      return { value: picker.pick(['Mr.', 'Mrs.', 'Ms.', 'Dr.', 'Prof.', 'Miss']), role: 'O' };
    case 'date':
    case 'date_time':
    case 'date_of_birth':
      return { value: dateString(picker), role: 'O' };
    case 'year':
      return { value: String(picker.int(1950, 2030)), role: 'O' };
    case 'age':
      return { value: String(picker.int(18, 95)), role: 'O' };
    case 'day_of_week':
      return { value: picker.pick(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']), role: 'O' };
    case 'job':
      return {
        value: picker.pick(['Software engineer', 'Nurse', 'Civil drafter', 'Teacher', 'Benefits manager']),
        role: 'O',
      };
    case 'nationality':
    case 'nation_woman':
    case 'nation_plural':
      return { value: picker.pick(['German', 'French', 'Brazilian', 'Japanese', 'Kenyan', 'Icelandic']), role: 'O' };
    case 'number':
      return { value: String(picker.int(10000, 99999999)), role: 'O' };
    case 'digit':
      return { value: String(picker.int(0, 9)), role: 'O' };
    case 'credit_card_number':
      return { value: '4111 1111 1111 1111', role: 'O' };
    case 'iban':
      return { value: 'GB82WEST12345698765432', role: 'O' };
    case 'ssn':
      return { value: `${picker.int(100, 665)}-${picker.int(10, 99)}-${picker.int(1000, 9999)}`, role: 'O' };
    case 'ip_address':
      return {
        value: `${picker.int(1, 223)}.${picker.int(0, 255)}.${picker.int(0, 255)}.${picker.int(1, 254)}`,
        role: 'O',
      };
    case 'url':
      return { value: `https://www.${picker.pick(['shop', 'news', 'travel'])}${picker.int(1, 99)}.com/`, role: 'O' };
    case 'us_driver_license':
      return { value: `${String.fromCharCode(65 + picker.int(0, 25))}${picker.int(1000000, 9999999)}`, role: 'O' };
    default:
      return { value: capitalize(picker.pick(pools.latinSurnames)), role: 'O' };
  }
}

/** Fills one template; adjacent address parts merge into one ADDRESS span, lone cities stay unlabelled. */
export function fillTemplate(template: string, pools: ValuePools, picker: Picker, origin: string): GeneratedExample {
  let text = '';
  const parts: { role: Role; start: number; end: number }[] = [];
  let cursor = 0;
  const pattern = /\{\{([^}]+)\}\}/g;
  for (let match = pattern.exec(template); match !== null; match = pattern.exec(template)) {
    text += template.slice(cursor, match.index);
    const { value, role } = fill(match[1]!, pools, picker);
    parts.push({ role, start: text.length, end: text.length + value.length });
    text += value;
    cursor = match.index + match[0].length;
  }
  text += template.slice(cursor);
  const spans: { entity: 'PERSON' | 'ADDRESS'; start: number; end: number }[] = [];
  let group: { start: number; end: number; strong: boolean } | undefined;
  const flush = () => {
    if (group?.strong) spans.push({ entity: 'ADDRESS', start: group.start, end: group.end });
    group = undefined;
  };
  for (const part of parts) {
    if (part.role === 'ADDRESS' || part.role === 'ADDRESS_PART') {
      const strong = part.role === 'ADDRESS';
      if (group && /^[\s,\-()]*$/.test(text.slice(group.end, part.start))) {
        group.end = part.end;
        group.strong ||= strong;
      } else {
        flush();
        group = { start: part.start, end: part.end, strong };
      }
      continue;
    }
    flush();
    if (part.role === 'PERSON') spans.push({ entity: 'PERSON', start: part.start, end: part.end });
  }
  flush();
  return { text, spans, origin };
}

function benignSentences(limit: number): string[] {
  const files = [
    'benign/oasst_eval_prompts.jsonl',
    'benign/arena_hard_questions.jsonl',
    'benign/clinc150_queries.jsonl',
    'benign/self_instruct_prompts.jsonl',
    'benign/banking77_queries.jsonl',
  ];
  const out: string[] = [];
  for (const file of files) {
    const lines = readFileSync(join(sharedDataDirectory, file), 'utf8')
      .split('\n')
      .filter((line) => line.length > 0);
    const texts = lines
      .map((line) => (JSON.parse(line) as { text: string }).text)
      .filter((text) => text.length < 600 && hashString(text) % 3 === 0);
    out.push(...texts.slice(0, Math.ceil(limit / files.length)));
  }
  return out;
}

/**
 * Generates the tagger's training texts, deterministic for a seed.
 *
 * @example
 * const examples = generateExamples(gazetteerData, 42);
 */
export function generateExamples(data: GazetteerData, seed: number, perTemplate = 30): GeneratedExample[] {
  const picker = createPicker(createSeededRandom(seed));
  const pools = createValuePools(data);
  const examples: GeneratedExample[] = [];
  const presidio = readFileSync(join(sharedDataDirectory, 'pii', 'presidio_templates.txt'), 'utf8').split('\n');
  presidio.forEach((template, templateId) => {
    if (template.trim().length === 0 || isHeldOutTemplate(templateId)) return;
    const count = template.includes('{{') ? perTemplate : 2;
    for (let index = 0; index < count; index += 1)
      examples.push(fillTemplate(template, pools, picker, `presidio-${templateId}`));
  });
  [...ownTemplates, ...ownNameTemplates].forEach((template, templateId) => {
    for (let index = 0; index < perTemplate; index += 1)
      examples.push(fillTemplate(template, pools, picker, `own-${templateId}`));
  });
  ownNegativeTemplates.forEach((template, templateId) => {
    for (let index = 0; index < Math.ceil(perTemplate / 2); index += 1) {
      examples.push(fillTemplate(template, pools, picker, `negative-${templateId}`));
    }
  });
  for (const text of benignSentences(3000)) examples.push({ text, spans: [], origin: 'benign' });
  return examples;
}
