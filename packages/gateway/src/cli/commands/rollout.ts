import { resolve } from 'node:path';
import { builtinScanners, createRegistry, GuardError } from '@palisade/guard';
import { loadPolicyFile } from '@palisade/guard/node';
import { Command } from 'commander';
import { listRollouts, promoteRollout, rollbackRollout, startRollout } from '../../rollout/policy-rollout.js';
import { cliActor, print, table, withStorage } from './access-storage.js';

interface StartOptions {
  policy: string;
  canary: string;
  percent: string;
  by: string;
  rest: string;
  storage?: string;
}

/**
 * `palisade rollout start|promote|rollback|status`: canary rollouts of a new policy version, shared by
 * every gateway instance through storage, audited.
 *
 * @example
 * palisade rollout start --policy default --canary policy.v2.yaml --percent 10 --rest shadow
 */
export function rolloutCommand(): Command {
  const rollout = new Command('rollout').description(
    'canary rollouts of policy versions (enforce on a share of traffic; promote or roll back)',
  );
  rollout
    .command('start')
    .description('serve a new policy version to a share of keys or requests')
    .requiredOption('--policy <id>', 'id of the policy being replaced')
    .requiredOption('--canary <file>', 'the new version (validated now)')
    .option('--percent <n>', 'share of traffic for the canary (0..100)', '10')
    .option('--by <key|request>', 'bucket by API key (sticky) or by request', 'key')
    .option('--rest <stable|shadow>', 'the rest: old version only, or old version plus the canary in shadow', 'shadow')
    .option('--storage <url>', 'shared storage (default: $PALISADE_STORAGE or sqlite:./palisade.db)')
    .action(async (options: StartOptions) => {
      if (!['key', 'request'].includes(options.by))
        throw new GuardError('invalid-input', '--by must be key or request');
      if (!['stable', 'shadow'].includes(options.rest))
        throw new GuardError('invalid-input', '--rest must be stable or shadow');
      const file = resolve(options.canary);
      const policy = await loadPolicyFile(file, createRegistry(builtinScanners));
      if (policy.id !== options.policy)
        throw new GuardError('invalid-input', `${options.canary} has id "${policy.id}", expected "${options.policy}"`);
      await withStorage(options.storage, async (storage) => {
        const started = await startRollout(
          storage,
          {
            policyId: options.policy,
            canaryFile: file,
            percent: Number(options.percent),
            by: options.by as 'key',
            rest: options.rest as 'shadow',
          },
          cliActor(),
        );
        print(
          `rollout of ${started.policyId}: ${started.percent}% by ${started.by} → ${started.canaryFile} (rest: ${started.rest}), version ${policy.policyVersion.slice(0, 8)}`,
        );
      });
    });
  for (const [name, description] of [
    ['promote', 'serve the canary to all traffic on every instance'],
    ['rollback', 'return every instance to the stable version at once'],
  ] as const) {
    rollout
      .command(name)
      .description(description)
      .requiredOption('--policy <id>', 'policy id')
      .option('--storage <url>', 'shared storage')
      .action(async (options: { policy: string; storage?: string }) => {
        await withStorage(options.storage, async (storage) => {
          if (name === 'promote') await promoteRollout(storage, options.policy, cliActor());
          else await rollbackRollout(storage, options.policy, cliActor());
          print(`${name === 'promote' ? 'promoted' : 'rolled back'} ${options.policy}`);
        });
      });
  }
  rollout
    .command('status')
    .description('list rollouts')
    .option('--storage <url>', 'shared storage')
    .action(async (options: { storage?: string }) => {
      await withStorage(options.storage, async (storage) => {
        const rollouts = await listRollouts(storage);
        if (rollouts.length === 0) return print('no rollouts');
        print(
          table([
            ['policy', 'state', 'percent', 'by', 'rest', 'canary', 'updated'],
            ...rollouts.map((entry) => [
              entry.policyId,
              entry.state,
              String(entry.percent),
              entry.by,
              entry.rest,
              entry.canaryFile,
              `${entry.updatedAt} ${entry.updatedBy}`,
            ]),
          ]),
        );
      });
    });
  return rollout;
}
