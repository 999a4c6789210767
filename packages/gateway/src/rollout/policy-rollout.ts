import { GuardError } from '@palisade/guard';
import type { Storage } from '../storage/storage.js';

/** A canary rollout of a new policy version, shared by every gateway instance through storage. */
export interface PolicyRollout {
  /** The policy being replaced (its `id`). */
  readonly policyId: string;
  /** The new version's policy file. */
  readonly canaryFile: string;
  /** Share of traffic (0..100) that the canary enforces. */
  readonly percent: number;
  /** Bucket by API key (sticky per client) or by request. */
  readonly by: 'key' | 'request';
  /** The rest of the traffic: old version only, or old version enforced with the canary in shadow. */
  readonly rest: 'stable' | 'shadow';
  /** `promoted`: the canary serves 100% until the stable binding is updated. */
  readonly state: 'active' | 'promoted';
  readonly updatedAt: string;
  readonly updatedBy: string;
}

const settingKey = (policyId: string) => `rollout:${policyId}`;

/**
 * Reads a policy's rollout (undefined when none).
 *
 * @example
 * const rollout = await readRollout(storage, 'default');
 */
export async function readRollout(
  storage: Pick<Storage, 'getSetting'>,
  policyId: string,
): Promise<PolicyRollout | undefined> {
  const setting = await storage.getSetting(settingKey(policyId));
  return setting ? (setting.value as unknown as PolicyRollout) : undefined;
}

/** Every rollout in storage. */
export async function listRollouts(storage: Pick<Storage, 'listSettings'>): Promise<PolicyRollout[]> {
  return (await storage.listSettings('rollout:')).map((setting) => setting.value as unknown as PolicyRollout);
}

async function save(storage: Storage, rollout: PolicyRollout, action: string): Promise<PolicyRollout> {
  await storage.setSetting(settingKey(rollout.policyId), rollout, { updatedBy: rollout.updatedBy });
  await storage.appendAudit({
    actor: rollout.updatedBy,
    action,
    policyId: rollout.policyId,
    details: {
      canaryFile: rollout.canaryFile,
      percent: rollout.percent,
      by: rollout.by,
      rest: rollout.rest,
      state: rollout.state,
    },
  });
  return rollout;
}

/**
 * Starts (or re-weights) a canary rollout; audited.
 *
 * @example
 * await startRollout(storage, { policyId: 'default', canaryFile: 'policy.v2.yaml', percent: 10, by: 'key', rest: 'shadow' }, 'user:alice');
 */
export async function startRollout(
  storage: Storage,
  options: Pick<PolicyRollout, 'policyId' | 'canaryFile' | 'percent' | 'by' | 'rest'>,
  actor: string,
): Promise<PolicyRollout> {
  if (!(options.percent >= 0 && options.percent <= 100))
    throw new GuardError('invalid-input', 'percent must be between 0 and 100');
  return save(
    storage,
    { ...options, state: 'active', updatedAt: new Date().toISOString(), updatedBy: actor },
    'rollout.start',
  );
}

/**
 * Promotes the canary to all traffic on every instance; audited.
 *
 * @example
 * await promoteRollout(storage, 'default', 'user:alice');
 */
export async function promoteRollout(storage: Storage, policyId: string, actor: string): Promise<PolicyRollout> {
  const rollout = await readRollout(storage, policyId);
  if (!rollout) throw new GuardError('not-found', `no rollout for policy ${policyId}`);
  return save(
    storage,
    { ...rollout, percent: 100, state: 'promoted', updatedAt: new Date().toISOString(), updatedBy: actor },
    'rollout.promote',
  );
}

/**
 * Rolls back: every instance returns to the stable version at once; audited.
 *
 * @example
 * await rollbackRollout(storage, 'default', 'user:alice');
 */
export async function rollbackRollout(storage: Storage, policyId: string, actor: string): Promise<void> {
  const rollout = await readRollout(storage, policyId);
  if (!rollout) throw new GuardError('not-found', `no rollout for policy ${policyId}`);
  await storage.deleteSetting(settingKey(policyId));
  await storage.appendAudit({
    actor,
    action: 'rollout.rollback',
    policyId,
    details: { canaryFile: rollout.canaryFile, percent: rollout.percent },
  });
}

function bucket(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % 10_000;
}

/**
 * Which version serves a request: deterministic per key (or per request id), so a client sees one version.
 *
 * @example
 * chooseVariant(rollout, { keyId: 'pal_abc', requestId: 'r1' }) // 'canary' | 'stable'
 */
export function chooseVariant(
  rollout: PolicyRollout,
  request: { keyId?: string; requestId: string },
): 'canary' | 'stable' {
  if (rollout.state === 'promoted' || rollout.percent >= 100) return 'canary';
  if (rollout.percent <= 0) return 'stable';
  const subject = rollout.by === 'key' && request.keyId ? `key:${request.keyId}` : `request:${request.requestId}`;
  return bucket(`${rollout.policyId}|${subject}`) < rollout.percent * 100 ? 'canary' : 'stable';
}
