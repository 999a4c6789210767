/** A repaired JSON text with a map from each of its characters back to the original. */
export interface RepairedJson {
  readonly text: string;
  /** `positions[i]` is the index in the original text of character `i` of `text`. */
  readonly positions: readonly number[];
  /** What was changed: `code-fence`, `surrounding-prose`, `trailing-comma`, `byte-order-mark`. */
  readonly steps: readonly string[];
}

function identity(length: number, offset = 0): number[] {
  return Array.from({ length }, (_, index) => index + offset);
}

function stripCodeFence(text: string, positions: number[], steps: string[]): [string, number[]] {
  const open = text.indexOf('```');
  if (open < 0) return [text, positions];
  const lineEnd = text.indexOf('\n', open);
  if (lineEnd < 0) return [text, positions];
  const close = text.indexOf('```', lineEnd + 1);
  const end = close < 0 ? text.length : close;
  steps.push('code-fence');
  return [text.slice(lineEnd + 1, end), positions.slice(lineEnd + 1, end)];
}

function stripProse(text: string, positions: number[], steps: string[]): [string, number[]] {
  const objectStart = text.indexOf('{');
  const arrayStart = text.indexOf('[');
  const start = objectStart < 0 ? arrayStart : arrayStart < 0 ? objectStart : Math.min(objectStart, arrayStart);
  if (start < 0) return [text, positions];
  const end = text.lastIndexOf(text[start] === '{' ? '}' : ']');
  if (end < start) return [text, positions];
  if (start === 0 && end === text.length - 1) return [text, positions];
  if (text.slice(0, start).trim() !== '' || text.slice(end + 1).trim() !== '') steps.push('surrounding-prose');
  return [text.slice(start, end + 1), positions.slice(start, end + 1)];
}

function removeTrailingCommas(text: string, positions: number[], steps: string[]): [string, number[]] {
  let output = '';
  const kept: number[] = [];
  let inString = false;
  let removed = false;
  for (let index = 0; index < text.length; index++) {
    const character = text[index] ?? '';
    if (inString) {
      if (character === '\\') {
        output += character + (text[index + 1] ?? '');
        kept.push(positions[index] ?? 0, positions[index + 1] ?? 0);
        index++;
        continue;
      }
      if (character === '"') inString = false;
    } else if (character === '"') {
      inString = true;
    } else if (character === ',') {
      let next = index + 1;
      while (next < text.length && /\s/.test(text[next] ?? '')) next++;
      if (text[next] === '}' || text[next] === ']') {
        removed = true;
        continue;
      }
    }
    output += character;
    kept.push(positions[index] ?? 0);
  }
  if (removed) steps.push('trailing-comma');
  return [output, kept];
}

/**
 * Repairs the usual ways models wrap or break JSON: a markdown code fence, prose before or after
 * the value, trailing commas and a byte-order mark. Returns `undefined` when the result still does
 * not parse; never guesses at anything else.
 *
 * @example
 * repairJson('Here you go:\n```json\n{"a": 1,}\n```')?.text; // '{"a": 1}'
 */
export function repairJson(original: string): RepairedJson | undefined {
  const steps: string[] = [];
  let text = original;
  let positions = identity(original.length);
  if (text.startsWith('\ufeff')) {
    steps.push('byte-order-mark');
    text = text.slice(1);
    positions = positions.slice(1);
  }
  [text, positions] = stripCodeFence(text, positions, steps);
  [text, positions] = stripProse(text, positions, steps);
  [text, positions] = removeTrailingCommas(text, positions, steps);
  const start = text.length - text.trimStart().length;
  const end = text.trimEnd().length;
  text = text.slice(start, end);
  positions = positions.slice(start, end);
  try {
    JSON.parse(text);
  } catch {
    return undefined;
  }
  return { text, positions, steps };
}
