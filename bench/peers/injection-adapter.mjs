// Palisade's injection scanners as adapters for the peer harness in ../shared/peers (same shape
// as its adapters). Run beside the peers, with tsx so the TypeScript sources load:
//   PEER_EXTRA_ADAPTERS=$PWD/bench/peers/injection-adapter.mjs \
//     node --import tsx ../shared/peers/run.mjs --task injection --data ../shared/peers/sample/injection.jsonl
// bench/peers/run-injection.sh runs every table in docs/injection-comparison.md.
import { fileURLToPath } from 'node:url';

const pkgDir = fileURLToPath(new URL('../../packages/guard', import.meta.url));

async function contextFactory() {
  const { buildViews } = await import('../../packages/guard/src/text/build-views.ts');
  return (text) => ({ text, stage: 'input', signal: new AbortController().signal, views: () => buildViews(text) });
}

export const adapters = [
  {
    id: 'palisade/prompt-injection',
    peer: '@palisade/guard',
    pkgDir,
    task: 'injection',
    detector:
      'promptInjectionScanner, default config (views + signatures + classifier at its shipped threshold): flagged when it returns a finding; score = raw scanner score',
    async create() {
      const context = await contextFactory();
      const { promptInjectionScanner, PromptInjectionConfig } = await import(
        '../../packages/guard/src/scanners/prompt-injection/index.ts'
      );
      const scanner = await promptInjectionScanner.create(PromptInjectionConfig.parse({}));
      return {
        sync: true,
        call: (text) => scanner.scan(context(text)),
        interpret: (outcome) => ({ flagged: outcome.findings.length > 0, score: outcome.score }),
      };
    },
  },
  {
    id: 'palisade/prompt-injection+similarity',
    peer: '@palisade/guard',
    pkgDir,
    task: 'injection',
    detector: 'prompt-injection OR attack-similarity (shipped corpus), default configs',
    async create() {
      const context = await contextFactory();
      const injection = await import('../../packages/guard/src/scanners/prompt-injection/index.ts');
      const similarity = await import('../../packages/guard/src/scanners/attack-similarity/index.ts');
      const first = await injection.promptInjectionScanner.create(injection.PromptInjectionConfig.parse({}));
      const second = await similarity.attackSimilarityScanner.create(similarity.AttackSimilarityConfig.parse({}));
      return {
        sync: false,
        call: async (text) => {
          const scanContext = context(text);
          return [await first.scan(scanContext), await second.scan(scanContext)];
        },
        interpret: (outcomes) => ({
          flagged: outcomes.some((outcome) => outcome.findings.length > 0),
          score: Math.max(...outcomes.map((outcome) => outcome.score ?? 0)),
        }),
      };
    },
  },
  {
    id: 'palisade/indirect-injection',
    peer: '@palisade/guard',
    pkgDir,
    task: 'injection',
    detector: 'indirectInjectionScanner (documents: signatures, hidden content, classifier), default config',
    async create() {
      const context = await contextFactory();
      const { indirectInjectionScanner, IndirectInjectionConfig } = await import(
        '../../packages/guard/src/scanners/indirect-injection/index.ts'
      );
      const scanner = await indirectInjectionScanner.create(IndirectInjectionConfig.parse({}));
      return {
        sync: true,
        call: (text) => scanner.scan({ ...context(text), stage: 'retrieval' }),
        interpret: (outcome) => ({ flagged: outcome.findings.length > 0, score: outcome.score }),
      };
    },
  },
];

export const unavailable = [];
