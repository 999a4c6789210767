import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { startTelemetry } from './start-telemetry.js';

describe('startTelemetry', () => {
  it('is a no-op when disabled', async () => {
    const telemetry = startTelemetry({ enabled: false });
    expect(telemetry.enabled).toBe(false);
    await telemetry.shutdown();
  });

  it('exports spans through the configured exporter with the service name', async () => {
    const exporter = new InMemorySpanExporter();
    const telemetry = startTelemetry({ enabled: true, exporter, serviceName: 'palisade-test' });
    trace.getTracer('test').startActiveSpan('guard input', (span) => span.end());
    const spans = exporter.getFinishedSpans();
    expect(spans.map((span) => span.name)).toEqual(['guard input']);
    expect(spans[0]?.resource.attributes['service.name']).toBe('palisade-test');
    await telemetry.shutdown();
  });
});
