import type { Span } from '../../scanner/types.js';

function isSpace(character: string | undefined): boolean {
  return character === ' ' || character === '\t' || character === '\n' || character === '\r';
}

function skipSpace(text: string, position: number): number {
  let index = position;
  while (index < text.length && isSpace(text[index])) index++;
  return index;
}

function stringEnd(text: string, from: number): number {
  let index = from + 1;
  while (index < text.length) {
    const character = text[index];
    if (character === '\\') index += 2;
    else if (character === '"') return index + 1;
    else index++;
  }
  return text.length;
}

/** End of the value starting at `position` (iterative bracket matching, strings respected). */
function valueEnd(text: string, position: number): number {
  const first = text[position];
  if (first === '"') return stringEnd(text, position);
  if (first !== '{' && first !== '[') {
    let index = position;
    while (index < text.length && !isSpace(text[index]) && !',}]'.includes(text[index] ?? '')) index++;
    return index;
  }
  let depth = 0;
  let index = position;
  while (index < text.length) {
    const character = text[index];
    if (character === '"') {
      index = stringEnd(text, index);
      continue;
    }
    if (character === '{' || character === '[') depth++;
    else if (character === '}' || character === ']') {
      depth--;
      if (depth === 0) return index + 1;
    }
    index++;
  }
  return text.length;
}

/**
 * Finds the span of the value at a path (object keys and array indexes) in a valid JSON text, in
 * one forward pass without recursion; `undefined` when the path does not exist.
 *
 * @example
 * locateJsonValue('{"a":[1,2]}', ['a', '1']); // { start: 8, end: 9 }
 */
export function locateJsonValue(text: string, segments: readonly string[]): Span | undefined {
  let position = skipSpace(text, 0);
  for (const segment of segments) {
    const container = text[position];
    if (container === '[') {
      const target = Number(segment);
      if (!Number.isInteger(target) || target < 0) return undefined;
      position = skipSpace(text, position + 1);
      for (let index = 0; index < target; index++) {
        if (text[position] === ']') return undefined;
        position = skipSpace(text, valueEnd(text, position));
        if (text[position] !== ',') return undefined;
        position = skipSpace(text, position + 1);
      }
      if (text[position] === ']') return undefined;
    } else if (container === '{') {
      position = skipSpace(text, position + 1);
      let found = false;
      while (text[position] === '"') {
        const keyEnd = stringEnd(text, position);
        const key = JSON.parse(text.slice(position, keyEnd)) as string;
        position = skipSpace(text, keyEnd);
        if (text[position] !== ':') return undefined;
        position = skipSpace(text, position + 1);
        if (key === segment) {
          found = true;
          break;
        }
        position = skipSpace(text, valueEnd(text, position));
        if (text[position] !== ',') return undefined;
        position = skipSpace(text, position + 1);
      }
      if (!found) return undefined;
    } else {
      return undefined;
    }
  }
  return { start: position, end: valueEnd(text, position) };
}
