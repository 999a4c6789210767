import { RE2JS } from 're2js';
import { z } from 'zod';
import { GuardError } from '../../errors.js';
import { clampScore, hasContext, type PiiCandidate, type Recognizer } from './recognizer.js';
import { digitsOf, namedValidators } from './validators.js';

/** A weighted-sum checksum over the digits: sum(digit[i] * weights[i]) mod modulus === remainder. */
export const WeightedChecksum = z
  .object({
    weights: z.array(z.number().int()).min(1).max(64),
    modulus: z.number().int().min(2).max(1000),
    remainder: z.number().int().min(0).default(0),
  })
  .strict();
export type WeightedChecksum = z.infer<typeof WeightedChecksum>;

const validatorNames = Object.keys(namedValidators) as [
  keyof typeof namedValidators,
  ...(keyof typeof namedValidators)[],
];

/** One validator: a named algorithm (luhn, mod97, iban, verhoeff, …) or a weighted checksum. */
export const CustomValidator = z.union([z.enum(validatorNames), WeightedChecksum]);
export type CustomValidator = z.infer<typeof CustomValidator>;

/**
 * A recognizer declared in a policy, no code: entity name, a linear-time (RE2) regex, validators
 * that must all pass, context words and a score.
 */
export const CustomRecognizerConfig = z
  .object({
    entity: z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/, 'entity must be UPPER_SNAKE_CASE'),
    pattern: z.string().min(1).max(4096),
    caseInsensitive: z.boolean().default(false),
    validator: z.union([CustomValidator, z.array(CustomValidator).max(8)]).optional(),
    context: z.array(z.string().min(1).max(64)).max(200).default([]),
    contextBoost: z.number().min(0).max(1).default(0.3),
    /** Only report matches with a context word nearby. */
    requireContext: z.boolean().default(false),
    score: z.number().min(0).max(1).default(0.6),
  })
  .strict();
export type CustomRecognizerConfig = z.input<typeof CustomRecognizerConfig>;

function checkWeighted(value: string, checksum: WeightedChecksum): boolean {
  const digits = digitsOf(value);
  if (digits.length !== checksum.weights.length) return false;
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1)
    sum += (digits.charCodeAt(index) - 48) * checksum.weights[index]!;
  return sum % checksum.modulus === checksum.remainder;
}

function passes(value: string, validator: CustomValidator): boolean {
  return typeof validator === 'string' ? namedValidators[validator](value) : checkWeighted(value, validator);
}

/**
 * Compiles a policy recognizer with re2js (linear time; backreferences and lookaround are
 * rejected with `pattern-unsafe`).
 *
 * @example
 * const employeeId = createCustomRecognizer({ entity: 'EMPLOYEE_ID', pattern: 'EMP-\\d{6}', context: ['employee'], score: 0.7 }, 0);
 */
export function createCustomRecognizer(input: CustomRecognizerConfig, index: number): Recognizer {
  const config = CustomRecognizerConfig.parse(input);
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(config.pattern, config.caseInsensitive ? RE2JS.CASE_INSENSITIVE : 0);
  } catch (error) {
    throw new GuardError(
      'pattern-unsafe',
      `custom recognizer ${index} (${config.entity}): pattern is not valid RE2 syntax`,
      {
        cause: error,
        details: { entity: config.entity, index },
      },
    );
  }
  const validators =
    config.validator === undefined ? [] : Array.isArray(config.validator) ? config.validator : [config.validator];
  const context = config.context.map((word) => word.toLowerCase());
  const id = `custom-${index}-${config.entity.toLowerCase()}`;
  return {
    id,
    entities: [config.entity],
    find(text, lower) {
      const candidates: PiiCandidate[] = [];
      const matcher = compiled.matcher(text);
      let from = 0;
      while (from <= text.length && matcher.find(from)) {
        const start = matcher.start();
        const end = matcher.end();
        from = end > start ? end : end + 1;
        if (end === start) continue;
        const value = text.slice(start, end);
        if (!validators.every((validator) => passes(value, validator))) continue;
        const near = context.length > 0 && hasContext(lower, start, end, context);
        if (config.requireContext && !near) continue;
        candidates.push({
          entity: config.entity,
          start,
          end,
          score: clampScore(config.score + (near ? config.contextBoost : 0)),
          recognizer: id,
        });
      }
      return candidates;
    },
  };
}
