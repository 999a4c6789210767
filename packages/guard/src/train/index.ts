// `@palisade/guard/train`: reproducible training of every shipped model (Node-only: reads data files).
export { trainBias } from './bias/train-bias.js';
export { trainEmbeddings } from './embeddings/train.js';
export { trainHarmful } from './harmful/train-harmful.js';
export { trainInjection } from './injection/train.js';
export { trainIndirectInjection } from './injection/train-indirect.js';
export { trainPii } from './pii/train-pii.js';
export { areaUnderRoc } from './shared/classification-metrics.js';
export * as trainingToolkit from './shared/index.js';
export { trainToxicity } from './toxicity/train-toxicity.js';
