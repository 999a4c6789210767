// Oversight hot path per request, µs/op p50/p99: anomaly detection (request + decision observation
// over many keys and IPs), kill switch lookup with switches set (cached), review item submission on
// SQLite, and the dashboard computation over 10 000 audit events.
// Run: npx tsx bench/oversight.ts [--ops 20000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAnomalyDetector } from '../packages/gateway/src/anomaly/create-anomaly-detector.js';
import { createKillSwitch } from '../packages/gateway/src/incident/create-kill-switch.js';
import { createReviewQueue } from '../packages/gateway/src/review/create-review-queue.js';
import { openStorage } from '../packages/gateway/src/storage/open-storage.js';
import { computeDashboard } from '../packages/gateway/src/ui/dashboard-data.js';

const index = process.argv.indexOf('--ops');
const ops = index >= 0 ? Number(process.argv[index + 1]) : 20_000;

function report(name: string, samples: number[]): void {
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(samples.length * q))] ?? Number.NaN;
  console.log(
    `${name.padEnd(44)} p50 ${(at(0.5) * 1000).toFixed(2).padStart(9)} µs/op   p99 ${(at(0.99) * 1000).toFixed(2).padStart(9)} µs/op   (n=${samples.length})`,
  );
}

const directory = mkdtempSync(join(tmpdir(), 'palisade-bench-oversight-'));
const storage = await openStorage(`sqlite:${join(directory, 'bench.db')}`);
try {
  const detector = createAnomalyDetector({
    storage,
    floors: { requests: 1e9, rejections: 1e9, injections: 1e9, hits: 1e9 },
  });
  const findings = [{ scanner: 'prompt-injection', category: 'injection.override' }];
  const observe: number[] = [];
  for (let op = 0; op < ops; op += 1) {
    const started = performance.now();
    detector.observeRequest({
      requestId: `r${op}`,
      keyId: `pal_key${op % 500}`,
      clientIp: `10.0.${op % 250}.${op % 200}`,
    });
    detector.observeDecision({
      requestId: `r${op}`,
      keyId: `pal_key${op % 500}`,
      action: op % 10 === 0 ? 'block' : 'allow',
      findings: op % 10 === 0 ? findings : [],
    });
    observe.push(performance.now() - started);
  }
  report('anomaly: observe request + decision', observe);

  const killSwitch = createKillSwitch({ storage, cacheTtlMs: 1000 });
  for (let key = 0; key < 20; key += 1) {
    await killSwitch.set({
      scope: 'key',
      target: `pal_blocked${key}`,
      mode: 'block',
      reason: 'bench',
      setBy: 'system',
    });
  }
  const match: number[] = [];
  for (let op = 0; op < ops; op += 1) {
    const started = performance.now();
    await killSwitch.match({ route: '/v1/chat/completions', keyId: `pal_key${op % 500}`, upstream: 'primary' });
    match.push(performance.now() - started);
  }
  report('kill switch: match (20 switches, cached)', match);

  const queue = createReviewQueue({ storage, storeText: () => true });
  const submit: number[] = [];
  for (let op = 0; op < Math.min(ops, 2000); op += 1) {
    const started = performance.now();
    await queue.submit({
      requestId: `q${op}`,
      route: '/v1/chat/completions',
      stage: 'input',
      findings: [],
      text: 'please review this request',
    });
    submit.push(performance.now() - started);
  }
  report('review: submit an item (SQLite)', submit);

  for (let event = 0; event < 10_000; event += 1) {
    await storage.appendAudit({
      actor: 'key:pal_x',
      action: 'guard.decision',
      keyId: `pal_key${event % 50}`,
      decision: event % 7 === 0 ? 'block' : 'allow',
      effective: event % 7 === 0 ? 'block' : 'allow',
      latencyMs: (event % 13) / 3,
      findings:
        event % 7 === 0 ? [{ scanner: 'prompt-injection', category: 'injection.override', severity: 'high' }] : [],
      details: { stage: 'input' },
    });
  }
  const dashboard: number[] = [];
  for (let op = 0; op < 10; op += 1) {
    const started = performance.now();
    await computeDashboard({ storage });
    dashboard.push(performance.now() - started);
  }
  report('dashboard: compute over 10k audit events', dashboard);
} finally {
  await storage.close();
  rmSync(directory, { recursive: true, force: true });
}
