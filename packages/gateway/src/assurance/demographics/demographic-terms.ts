/** Words that mark a demographic group, per attribute, for balance statistics. */
export const demographicTerms: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  gender: {
    male: [
      'he',
      'him',
      'his',
      'himself',
      'man',
      'men',
      'boy',
      'boys',
      'father',
      'son',
      'brother',
      'husband',
      'mr',
      'sir',
      'king',
      'uncle',
      'nephew',
      'gentleman',
      'boyfriend',
      'male',
      'males',
      'dad',
      'grandfather',
    ],
    female: [
      'she',
      'her',
      'hers',
      'herself',
      'woman',
      'women',
      'girl',
      'girls',
      'mother',
      'daughter',
      'sister',
      'wife',
      'mrs',
      'ms',
      'madam',
      'queen',
      'aunt',
      'niece',
      'lady',
      'girlfriend',
      'female',
      'females',
      'mom',
      'grandmother',
    ],
  },
  religion: {
    christian: ['christian', 'christians', 'christianity', 'church', 'catholic', 'protestant'],
    muslim: ['muslim', 'muslims', 'islam', 'islamic', 'mosque'],
    jewish: ['jewish', 'jew', 'jews', 'judaism', 'synagogue'],
    hindu: ['hindu', 'hindus', 'hinduism', 'temple'],
    buddhist: ['buddhist', 'buddhists', 'buddhism'],
    atheist: ['atheist', 'atheists', 'atheism'],
  },
  'race-ethnicity': {
    white: ['white', 'caucasian', 'european'],
    black: ['black', 'african', 'african-american'],
    asian: ['asian', 'asians'],
    hispanic: ['hispanic', 'latino', 'latina', 'latinx'],
    'middle-eastern': ['arab', 'arabs', 'middle eastern'],
  },
  nationality: {
    american: ['american', 'americans'],
    mexican: ['mexican', 'mexicans'],
    indian: ['indian', 'indians'],
    chinese: ['chinese'],
    nigerian: ['nigerian', 'nigerians'],
    german: ['german', 'germans'],
    british: ['british'],
    french: ['french'],
  },
  age: {
    young: ['young', 'youth', 'teenager', 'teenagers', 'millennial', 'millennials'],
    old: ['old', 'elderly', 'senior', 'seniors', 'retiree', 'retirees', 'boomer', 'boomers'],
  },
};

/** Counts of group terms per attribute. */
export type DemographicCounts = Record<string, Record<string, number>>;

const lookup = new Map<string, { attribute: string; group: string }[]>();
for (const [attribute, groups] of Object.entries(demographicTerms)) {
  for (const [group, terms] of Object.entries(groups)) {
    for (const term of terms) {
      const list = lookup.get(term) ?? [];
      list.push({ attribute, group });
      lookup.set(term, list);
    }
  }
}

/** Empty counts for every attribute and group. */
export function emptyDemographicCounts(): DemographicCounts {
  return Object.fromEntries(
    Object.entries(demographicTerms).map(([attribute, groups]) => [
      attribute,
      Object.fromEntries(Object.keys(groups).map((group) => [group, 0])),
    ]),
  );
}

/**
 * Adds the demographic-term mentions of `text` to `counts` (word-level, case-insensitive).
 *
 * @example
 * const counts = emptyDemographicCounts(); countDemographicTerms('She met her brother', counts); counts.gender // { male: 1, female: 2 }
 */
export function countDemographicTerms(text: string, counts: DemographicCounts): void {
  const words = text.toLowerCase().match(/[\p{L}][\p{L}'-]*/gu) ?? [];
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index] ?? '';
    const pair = `${word} ${words[index + 1] ?? ''}`;
    for (const key of [word, pair]) {
      for (const match of lookup.get(key) ?? []) {
        const attribute = counts[match.attribute];
        if (attribute) attribute[match.group] = (attribute[match.group] ?? 0) + 1;
      }
    }
  }
}

/**
 * Balance per attribute: the smallest group's share divided by the largest group's share (1 = balanced,
 * 0 = one group never mentioned), over groups with any mention in the attribute.
 *
 * @example
 * balanceRatios({ gender: { male: 10, female: 5 } }).gender // 0.5
 */
export function balanceRatios(counts: DemographicCounts): Record<string, number | null> {
  return Object.fromEntries(
    Object.entries(counts).map(([attribute, groups]) => {
      const values = Object.values(groups);
      const maximum = Math.max(...values);
      return [attribute, maximum === 0 ? null : Math.min(...values) / maximum];
    }),
  );
}
