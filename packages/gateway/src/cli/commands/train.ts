import { GuardError } from '@palisade/guard';
import { Command } from 'commander';

interface TrainOptions {
  seed?: string;
  extra?: string[];
  out?: string;
  data?: string;
  skipHeldOut?: boolean;
}

/** The models `palisade train` reproduces, and how. */
export const trainableModels = [
  'injection',
  'indirect-injection',
  'embeddings',
  'toxicity',
  'harmful',
  'bias',
  'pii',
] as const;

/**
 * Trains one shipped model deterministically (same seed and data → same artifact bytes and manifest).
 * Without --out the model is written over the shipped one in packages/guard/src/models/<name>.
 *
 * @example
 * await runTrain('toxicity', { seed: '7', extra: ['feedback.jsonl'] });
 */
export async function runTrain(model: string, options: TrainOptions): Promise<void> {
  const seed = options.seed === undefined ? undefined : Number(options.seed);
  if (seed !== undefined && !Number.isInteger(seed)) throw new GuardError('invalid-input', '--seed must be an integer');
  const common = {
    ...(seed === undefined ? {} : { seed }),
    ...(options.extra?.length ? { extraDataFiles: options.extra } : {}),
    ...(options.out ? { outputDirectory: options.out } : {}),
  };
  const log = (line: string) => process.stderr.write(`${line}\n`);
  switch (model) {
    case 'injection': {
      const { trainInjection } = await import('@palisade/guard/train');
      await trainInjection({ ...common, ...(options.data ? { dataDirectory: options.data } : {}), log });
      break;
    }
    case 'indirect-injection': {
      const { trainIndirectInjection } = await import('@palisade/guard/train');
      await trainIndirectInjection({ ...common, ...(options.data ? { dataDirectory: options.data } : {}), log });
      break;
    }
    case 'embeddings': {
      const { trainEmbeddings } = await import('@palisade/guard/train');
      await trainEmbeddings({ ...common, ...(options.data ? { dataDirectory: options.data } : {}), log });
      break;
    }
    case 'toxicity':
    case 'harmful':
    case 'bias': {
      const trainers = await import('@palisade/guard/train');
      const trainer =
        model === 'toxicity'
          ? trainers.trainToxicity
          : model === 'harmful'
            ? trainers.trainHarmful
            : trainers.trainBias;
      trainer({ ...common, ...(options.skipHeldOut ? { skipHeldOut: true } : {}) });
      break;
    }
    case 'pii': {
      const { trainPii } = await import('@palisade/guard/train');
      const result = trainPii({
        ...(seed === undefined ? {} : { seed }),
        ...(options.out ? { modelDirectory: options.out } : {}),
      });
      log(`pii tagger trained on ${result.examples} generated examples (${result.tokens} tokens)`);
      break;
    }
    default:
      throw new GuardError('invalid-input', `unknown model "${model}"; trainable: ${trainableModels.join(', ')}`);
  }
  process.stdout.write(
    `trained ${model}${options.out ? ` into ${options.out}` : ' (shipped artifacts and MODEL_CARD.md updated)'}\n`,
  );
}

/**
 * `palisade train <model>`: reproducible training from ../shared/data plus data written here.
 *
 * @example
 * palisade train injection --seed 1 --extra reviewed.jsonl
 */
export function trainCommand(): Command {
  return new Command('train')
    .description(`train a shipped detector deterministically: ${trainableModels.join(' | ')}`)
    .argument('<model>', 'model to train')
    .option('--seed <n>', 'random seed (default: the seed the shipped model was trained with)')
    .option(
      '--extra <files...>',
      'extra labelled JSONL (e.g. `palisade feedback export` output); recorded in the model card',
    )
    .option('--out <dir>', 'write artifacts here instead of over the shipped model')
    .option('--data <dir>', 'shared data folder (default ../shared/data)')
    .option('--skip-held-out', 'content models: skip the source-held-out experiments (faster)')
    .action(async (model: string, options: TrainOptions) => {
      await runTrain(model, options);
    });
}
