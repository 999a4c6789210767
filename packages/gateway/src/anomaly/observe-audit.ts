import type { GatewayAuditRecorder } from '../server/gateway-dependencies.js';
import type { AnomalyDetector } from './create-anomaly-detector.js';

/**
 * Wraps the gateway's audit recorder so every guard decision also feeds the anomaly detector
 * (the detector never delays or fails the audit write).
 *
 * @example
 * createGateway(config, { guards, audit: observeAudit(audit, detector) });
 */
export function observeAudit<Recorder extends GatewayAuditRecorder>(
  recorder: Recorder,
  detector: AnomalyDetector,
): GatewayAuditRecorder {
  return {
    record(event) {
      try {
        detector.observeDecision(event);
      } catch {
        // Detection is best effort; the audit write below is what must not fail.
      }
      return recorder.record(event);
    },
  };
}
