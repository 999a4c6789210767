// Palisade's content scanners as adapters for the peer harness in ../shared/peers (same shape as its
// adapters). Run beside the peers, with tsx so the TypeScript sources load:
//   PEER_EXTRA_ADAPTERS=$PWD/bench/peers/content-adapter.mjs \
//     node --import tsx ../shared/peers/run.mjs --task toxicity --data ../shared/data/toxicity/surge_toxicity.jsonl
// The harness has no harmful-request task: run the binary `toxicity` task with `--positive harmful`
// and the `palisade/harmful-request` adapter (the peers' toxicity detectors are the only offline
// content detectors they have).
import { fileURLToPath } from 'node:url';

const pkgDir = fileURLToPath(new URL('../../packages/guard', import.meta.url));

async function loadViews() {
  const { buildViews } = await import('../../packages/guard/src/text/build-views.ts');
  return (text) => ({ text, stage: 'input', signal: new AbortController().signal, views: () => buildViews(text) });
}

export const adapters = [
  {
    id: 'palisade/toxicity',
    peer: '@palisade/guard',
    pkgDir,
    task: 'toxicity',
    detector: 'toxicityScanner, default config (model threshold): flagged when it returns a finding',
    async create() {
      const context = await loadViews();
      const { toxicityScanner, ToxicityConfig } = await import('../../packages/guard/src/scanners/toxicity/index.ts');
      const scanner = await toxicityScanner.create(ToxicityConfig.parse({}));
      return {
        sync: true,
        call: (text) => scanner.scan(context(text)),
        interpret: (outcome) => ({ flagged: outcome.findings.length > 0, score: outcome.score }),
      };
    },
  },
  {
    id: 'palisade/harmful-request',
    peer: '@palisade/guard',
    pkgDir,
    task: 'toxicity',
    detector:
      'harmfulRequestScanner, default config: flagged on a harmful.* finding (self-harm.support is not a block)',
    async create() {
      const context = await loadViews();
      const { harmfulRequestScanner, HarmfulRequestConfig } = await import(
        '../../packages/guard/src/scanners/harmful-request/index.ts'
      );
      const scanner = await harmfulRequestScanner.create(HarmfulRequestConfig.parse({}));
      return {
        sync: true,
        call: (text) => scanner.scan(context(text)),
        interpret: (outcome) => ({
          flagged: outcome.findings.some((finding) => finding.category.startsWith('harmful.')),
          score: outcome.score,
        }),
      };
    },
  },
];

export const unavailable = [];
