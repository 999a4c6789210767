import { trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';

/** Tracing settings; off unless `enabled` (or an exporter is passed, for tests). */
export interface TelemetryOptions {
  readonly enabled: boolean;
  /** OTLP/HTTP traces endpoint, e.g. `http://127.0.0.1:4318/v1/traces`. Defaults to the OTEL_* env vars. */
  readonly endpoint?: string;
  readonly serviceName?: string;
  readonly serviceVersion?: string;
  /** Overrides the OTLP exporter (tests use an in-memory exporter). */
  readonly exporter?: SpanExporter;
}

/** A started (or no-op) tracer provider. */
export interface Telemetry {
  readonly enabled: boolean;
  /** Flushes pending spans and stops exporting. */
  shutdown(): Promise<void>;
}

/**
 * Registers a global tracer provider exporting spans over OTLP/HTTP. When disabled, the OpenTelemetry
 * API stays a no-op and spans cost almost nothing. The gateway emits one span per guard stage, per
 * scanner (when the pipeline reports timings) and per upstream attempt.
 *
 * @example
 * const telemetry = startTelemetry({ enabled: true, endpoint: 'http://127.0.0.1:4318/v1/traces' });
 * process.on('SIGTERM', () => void telemetry.shutdown());
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  if (!options.enabled && options.exporter === undefined) {
    return { enabled: false, shutdown: async () => {} };
  }
  const exporter =
    options.exporter ?? new OTLPTraceExporter(options.endpoint === undefined ? {} : { url: options.endpoint });
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: options.serviceName ?? 'palisade-gateway',
      [ATTR_SERVICE_VERSION]: options.serviceVersion ?? '0.1.0',
    }),
    spanProcessors: [
      options.exporter === undefined ? new BatchSpanProcessor(exporter) : new SimpleSpanProcessor(exporter),
    ],
  });
  provider.register();
  return {
    enabled: true,
    async shutdown() {
      await provider.shutdown();
      trace.disable();
    },
  };
}
