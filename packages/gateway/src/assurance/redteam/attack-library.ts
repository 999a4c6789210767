import { readFileSync } from 'node:fs';
import type { AttackCase } from './attack-case.js';

/** Where the shipped attack library lives. */
export const attackLibraryPath = new URL('../../../data/redteam/attack-library.jsonl', import.meta.url);

/** One case per line, stable key order. */
export function serializeAttackLibrary(cases: readonly AttackCase[]): string {
  return `${cases.map((attack) => JSON.stringify(attack)).join('\n')}\n`;
}

/**
 * Loads the shipped attack library (or another JSONL file of cases).
 *
 * @example
 * const cases = loadAttackLibrary().filter((attack) => attack.plugin === 'jailbreak');
 */
export function loadAttackLibrary(path: URL | string = attackLibraryPath): AttackCase[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as AttackCase);
}
