import { GuardError } from '@palisade/guard';

const units: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

/**
 * Parses a duration like `30d`, `12h`, `90m`, `45s`, `2w`, `1y` into milliseconds.
 *
 * @example
 * parseDuration('30d'); // 2592000000
 */
export function parseDuration(text: string): number {
  const match = /^(\d{1,6})([smhdwy])$/.exec(text.trim());
  const unit = match === null ? undefined : units[match[2] ?? ''];
  if (match === null || unit === undefined || Number(match[1]) === 0) {
    throw new GuardError('invalid-input', 'duration: expected a positive number and a unit s|m|h|d|w|y, e.g. 30d');
  }
  return Number(match[1]) * unit;
}
