// Shared training toolkit (Node-only parts are marked in their files).

export type { FeaturizedExample } from './build-training-rows.js';
export { assembleTrainingRows, buildTrainingRows, featurizeExamples, windowsOf } from './build-training-rows.js';
export type { ThresholdMetrics } from './classification-metrics.js';
export {
  areaUnderRoc,
  formatMetric,
  metricsAtThreshold,
  thresholdAtFalsePositiveRate,
} from './classification-metrics.js';
export type { TextScorer } from './evaluate-classifier.js';
export { decisionScore, evaluateClassifier, evaluateScorer } from './evaluate-classifier.js';
export type { LabelledExample } from './labelled-example.js';
export type { DataFileSpec, JsonRow } from './load-labelled-data.js';
export { loadLabelledFiles, readJsonLines, sharedDataDirectory } from './load-labelled-data.js';
export type { EvaluationRow, ModelCard } from './model-card.js';
export { renderModelCard } from './model-card.js';
export { createSeededRandom, shuffleInPlace, stableHash } from './seeded-random.js';
export type { ExampleSplit } from './split-examples.js';
export { holdOutSource, lengthMatchedNegatives, splitByGroup } from './split-examples.js';
export type { CalibratedClassifierOptions } from './train-calibrated-classifier.js';
export { trainCalibratedClassifier } from './train-calibrated-classifier.js';
export type { LogisticRegressionModel, LogisticRegressionOptions, TrainingRow } from './train-logistic-regression.js';
export { fitPlatt, trainLogisticRegression } from './train-logistic-regression.js';
export { writeModelFiles } from './write-model-files.js';
