// Palisade's pii scanner as an adapter for the peer harness in ../shared/peers (same shape as its
// adapters). Run beside the PII peers, with tsx so the TypeScript sources load:
//   PEER_EXTRA_ADAPTERS=$PWD/bench/peers/pii-adapter.mjs \
//     node --import tsx ../shared/peers/run.mjs --task pii --data ../shared/data/pii/presidio_synth_dataset_v2.jsonl --limit 1000
// Entity names are mapped to the harness's canonical types by its own table (ADDRESS → LOCATION,
// DATE_OF_BIRTH → DATE, US_SSN → SSN); national IDs, passports and licences count only in the
// "any type" columns.
import { fileURLToPath } from 'node:url';

const pkgDir = fileURLToPath(new URL('../../packages/guard', import.meta.url));

async function loadScanner(config) {
  const { buildViews } = await import('../../packages/guard/src/text/build-views.ts');
  const { piiScanner, PiiConfig } = await import('../../packages/guard/src/scanners/pii/index.ts');
  const scanner = await piiScanner.create(PiiConfig.parse(config));
  const context = (text) => ({
    text,
    stage: 'input',
    signal: new AbortController().signal,
    views: () => buildViews(text),
  });
  return { scanner, context };
}

function toSpans(outcome) {
  return {
    spans: outcome.findings
      .filter((finding) => finding.span !== undefined)
      .map((finding) => ({
        type: finding.entity ?? finding.category,
        start: finding.span.start,
        end: finding.span.end,
      })),
    ok: true,
  };
}

export const adapters = [
  {
    id: 'palisade/pii',
    peer: '@palisade/guard',
    pkgDir,
    task: 'pii',
    detector: 'piiScanner, default config (all entities, threshold 0.5): findings[].span with findings[].entity',
    async create() {
      const { scanner, context } = await loadScanner({});
      return { sync: true, call: (text) => scanner.scan(context(text)), interpret: toSpans };
    },
  },
];

export const unavailable = [];
