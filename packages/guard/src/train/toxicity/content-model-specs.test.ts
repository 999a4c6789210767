import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { biasModelSpec } from '../bias/train-bias.js';
import { harmfulModelSpec } from '../harmful/train-harmful.js';
import { sharedDataDirectory } from '../shared/load-labelled-data.js';
import { defaultModelDirectory } from './train-content-model.js';
import { contentDataDirectory, toxicityModelSpec } from './train-toxicity.js';

const specs = [toxicityModelSpec, harmfulModelSpec, biasModelSpec];

describe('content model specs', () => {
  it('point at existing hand-written data and model folders', () => {
    for (const spec of specs) {
      expect(existsSync(defaultModelDirectory(spec.model)), spec.model).toBe(true);
      for (const file of [...spec.trainingFiles, ...spec.independentFiles]) {
        if (file.path.startsWith(contentDataDirectory)) expect(existsSync(file.path), file.path).toBe(true);
      }
    }
  });

  it.skipIf(!existsSync(sharedDataDirectory))('point at existing public data files', () => {
    for (const spec of specs) {
      for (const file of [...spec.trainingFiles, ...spec.heldOutFiles])
        expect(existsSync(file.path), file.path).toBe(true);
    }
  });

  it('never train on the held-out public sources or the independent eval set', () => {
    for (const spec of specs) {
      const training = new Set(spec.trainingFiles.map((file) => file.path));
      for (const file of spec.independentFiles) expect(training.has(file.path)).toBe(false);
      for (const file of spec.heldOutFiles) {
        // CoCoNot is split by category: its eval half is held out, its preference half trained on.
        if (file.filter === undefined) expect(training.has(file.path), file.path).toBe(false);
      }
    }
  });
});
