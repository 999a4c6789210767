import { describe, expect, it } from 'vitest';
import { createGatewayMetrics, metricNames } from './gateway-metrics.js';

describe('createGatewayMetrics', () => {
  it('exposes every metric with the palisade_<noun>_<unit> naming on its own registry', async () => {
    const metrics = createGatewayMetrics();
    metrics.httpRequests.inc({ route: '/v1/chat/completions', method: 'POST', status: '200' });
    metrics.circuitState.set({ upstream: 'openai' }, 1);
    const text = await metrics.registry.metrics();
    for (const name of Object.values(metricNames)) {
      expect(name).toMatch(/^palisade_[a-z_]+_(total|seconds|state|active)$/);
      expect(text).toContain(`# TYPE ${name}`);
    }
    expect(text).toContain('palisade_http_requests_total{route="/v1/chat/completions",method="POST",status="200"} 1');
    expect(createGatewayMetrics().registry).not.toBe(metrics.registry);
  });

  it('prefixes process metrics when enabled', async () => {
    const text = await createGatewayMetrics({ defaultMetrics: true }).registry.metrics();
    expect(text).toContain('palisade_process_cpu_seconds_total');
  });
});
