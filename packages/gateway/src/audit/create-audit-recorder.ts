import type { Principal } from '../auth/principal.js';
import { principalActor } from '../auth/principal.js';
import type { AuditEvent, AuditEventInput, Storage, StoredFinding } from '../storage/storage.js';

/** A guard decision as the gateway reports it (structurally the gateway's `GatewayAuditEvent`). */
export interface GuardDecisionAuditEvent {
  readonly type: string;
  readonly requestId: string;
  readonly route: string;
  readonly stage: string;
  readonly keyId?: string;
  readonly tenant?: string;
  readonly policyId?: string;
  readonly policyVersion?: string | number;
  readonly action: string;
  readonly effective: string;
  readonly findings: readonly StoredFinding[];
  readonly latencyMs: number;
  readonly status?: number;
  readonly clientIp?: string;
  readonly upstream?: string;
  readonly model?: string;
}

/** Writes gateway events into the hash-chained audit log. */
export interface AuditRecorder {
  /** Appends a guard decision; resolves once it is durable (await it before answering a block or review). */
  record(event: GuardDecisionAuditEvent): Promise<void>;
  /** Appends an admin or reviewer action by a principal. */
  recordAction(
    principal: Principal | undefined,
    action: string,
    fields?: Omit<AuditEventInput, 'actor' | 'action'>,
  ): Promise<AuditEvent>;
}

/**
 * The storage-backed audit recorder for `createGateway({ audit })`. Findings keep scanner, category,
 * severity, score and span only (never messages or replacement values).
 *
 * @example
 * const audit = createAuditRecorder(storage);
 * await audit.record({ type: 'guard.decision', requestId, route, stage: 'input', action: 'block', effective: 'block', findings, latencyMs });
 */
export function createAuditRecorder(storage: Pick<Storage, 'appendAudit'>): AuditRecorder {
  return {
    async record(event) {
      // Blocks and reviews must be on disk before the answer; allowed traffic may ride on the next flush.
      const durable = !['allow', 'redact'].includes(event.action) || !['allow', 'redact'].includes(event.effective);
      await storage.appendAudit(
        {
          actor: event.keyId === undefined ? 'anonymous' : `key:${event.keyId}`,
          action: event.type,
          route: event.route,
          requestId: event.requestId,
          decision: event.action,
          effective: event.effective,
          latencyMs: event.latencyMs,
          findings: event.findings.map(({ scanner, category, severity, score, start, end }) => ({
            scanner,
            category,
            severity,
            ...(score === undefined ? {} : { score }),
            ...(start === undefined ? {} : { start }),
            ...(end === undefined ? {} : { end }),
          })),
          ...(event.keyId === undefined ? {} : { keyId: event.keyId }),
          ...(event.tenant === undefined ? {} : { tenant: event.tenant }),
          ...(event.policyId === undefined ? {} : { policyId: event.policyId }),
          ...(event.status === undefined ? {} : { status: event.status }),
          ...(event.clientIp === undefined ? {} : { clientIp: event.clientIp }),
          details: {
            stage: event.stage,
            ...(event.policyVersion === undefined ? {} : { policyVersion: event.policyVersion }),
            ...(event.upstream === undefined ? {} : { upstream: event.upstream }),
            ...(event.model === undefined ? {} : { model: event.model }),
          },
        },
        { durable },
      );
    },
    recordAction(principal, action, fields = {}) {
      return storage.appendAudit({
        ...fields,
        actor: principal === undefined ? 'anonymous' : principalActor(principal),
        action,
        ...(principal?.tenant === undefined || fields.tenant !== undefined ? {} : { tenant: principal.tenant }),
      });
    },
  };
}
