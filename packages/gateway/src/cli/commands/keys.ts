import { GuardError } from '@palisade/guard';
import { Command } from 'commander';
import { createApiKey, revokeApiKey, rotateApiKey } from '../../auth/api-keys.js';
import { parseDuration } from '../../auth/parse-duration.js';
import { isRole, type Role } from '../../rbac/roles.js';
import type { ApiKeyRecord, KeyLimits } from '../../storage/storage.js';
import { cliActor, print, table, withStorage } from './access-storage.js';

function positiveInteger(name: string) {
  return (value: string): number => {
    const number = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(number) || number <= 0) {
      throw new GuardError('invalid-input', `--${name}: expected a positive integer`);
    }
    return number;
  };
}

function collectRoles(value: string, previous: Role[] = []): Role[] {
  for (const role of value.split(',').map((item) => item.trim())) {
    if (!isRole(role)) {
      throw new GuardError('invalid-input', '--role: expected admin, operator, reviewer, auditor or app');
    }
    previous.push(role);
  }
  return previous;
}

/** The state of a key at a point in time. */
export function keyStatus(key: ApiKeyRecord, now = new Date().toISOString()): string {
  if (key.revokedAt !== undefined && key.revokedAt <= now) return 'revoked';
  if (key.expiresAt !== undefined && key.expiresAt <= now) return 'expired';
  if (key.quarantinedAt !== undefined) return 'quarantined';
  return 'active';
}

function publicView(key: ApiKeyRecord) {
  const { secretHash: _secretHash, ...rest } = key;
  return { ...rest, status: keyStatus(key) };
}

interface CommonOptions {
  storage?: string;
  json?: boolean;
}

/**
 * `palisade keys create|list|revoke|rotate|quarantine|release`: API keys. The secret is printed once
 * at creation or rotation and stored only as a hash; every change is audited.
 *
 * @example
 * palisade keys create --name app1 --role app --policy default --rpm 60 --tpm 100000 --expires 30d
 */
export function keysCommand(): Command {
  const command = new Command('keys').description('create, list, revoke, rotate and quarantine API keys');
  const storageOption = [
    '--storage <url>',
    'storage URL (default: $PALISADE_STORAGE or sqlite:./palisade.db)',
  ] as const;

  command
    .command('create')
    .description('create a key and print its secret once')
    .requiredOption('--name <name>', 'display name')
    .requiredOption(
      '--role <role>',
      'role (repeat or comma-separate): app, operator, reviewer, auditor, admin',
      collectRoles,
    )
    .option('--policy <id>', 'bind a policy to the key')
    .option('--tenant <id>', 'tenant of the key')
    .option('--rpm <n>', 'requests per minute', positiveInteger('rpm'))
    .option('--tpm <n>', 'tokens per minute', positiveInteger('tpm'))
    .option('--daily-tokens <n>', 'token budget per UTC day', positiveInteger('daily-tokens'))
    .option('--monthly-tokens <n>', 'token budget per UTC month', positiveInteger('monthly-tokens'))
    .option('--expires <duration>', 'expiry, e.g. 30d, 12h, 1y')
    .option('--json', 'print JSON')
    .option(...storageOption)
    .action(
      async (
        options: CommonOptions & {
          name: string;
          role: Role[];
          policy?: string;
          tenant?: string;
          rpm?: number;
          tpm?: number;
          dailyTokens?: number;
          monthlyTokens?: number;
          expires?: string;
        },
      ) => {
        const limits: KeyLimits = {
          ...(options.rpm === undefined ? {} : { rpm: options.rpm }),
          ...(options.tpm === undefined ? {} : { tpm: options.tpm }),
          ...(options.dailyTokens === undefined ? {} : { dailyTokens: options.dailyTokens }),
          ...(options.monthlyTokens === undefined ? {} : { monthlyTokens: options.monthlyTokens }),
        };
        const expiresAt =
          options.expires === undefined ? undefined : new Date(Date.now() + parseDuration(options.expires));
        await withStorage(options.storage, async (storage) => {
          const actor = cliActor();
          const { record, key } = await createApiKey(storage, {
            name: options.name,
            roles: options.role,
            limits,
            createdBy: actor,
            ...(options.policy === undefined ? {} : { policyId: options.policy }),
            ...(options.tenant === undefined ? {} : { tenant: options.tenant }),
            ...(expiresAt === undefined ? {} : { expiresAt }),
          });
          await storage.appendAudit({
            actor,
            action: 'key.create',
            keyId: record.id,
            details: {
              name: record.name,
              roles: record.roles,
              limits: record.limits,
              policyId: record.policyId ?? null,
            },
          });
          if (options.json) print(JSON.stringify({ ...publicView(record), key }));
          else {
            print(`created ${record.id} (${record.name}, roles ${record.roles.join(',')})`);
            print(`key: ${key}`);
            print('store it now: the secret is shown only once.');
          }
        });
      },
    );

  command
    .command('list')
    .description('list keys (never their secrets)')
    .option('--json', 'print JSON lines')
    .option(...storageOption)
    .action(async (options: CommonOptions) => {
      await withStorage(options.storage, async (storage) => {
        const keys = await storage.listKeys();
        if (options.json) {
          for (const key of keys) print(JSON.stringify(publicView(key)));
          return;
        }
        const rows = keys.map((key) => [
          key.id,
          key.name,
          key.roles.join(','),
          key.policyId ?? '-',
          key.limits.rpm === undefined ? '-' : String(key.limits.rpm),
          key.limits.tpm === undefined ? '-' : String(key.limits.tpm),
          keyStatus(key),
          key.expiresAt ?? '-',
        ]);
        print(table([['ID', 'NAME', 'ROLES', 'POLICY', 'RPM', 'TPM', 'STATUS', 'EXPIRES'], ...rows]));
      });
    });

  command
    .command('revoke <id>')
    .description('revoke a key at once')
    .option(...storageOption)
    .action(async (id: string, options: CommonOptions) => {
      await withStorage(options.storage, async (storage) => {
        const record = await revokeApiKey(storage, id);
        await storage.appendAudit({ actor: cliActor(), action: 'key.revoke', keyId: record.id });
        print(`revoked ${record.id}`);
      });
    });

  command
    .command('rotate <id>')
    .description('replace a key with a new secret (same name, roles, policy, limits)')
    .option('--grace <duration>', 'keep the old key working this long (e.g. 1h); default: revoke at once')
    .option('--json', 'print JSON')
    .option(...storageOption)
    .action(async (id: string, options: CommonOptions & { grace?: string }) => {
      const graceMs = options.grace === undefined ? 0 : parseDuration(options.grace);
      await withStorage(options.storage, async (storage) => {
        const actor = cliActor();
        const { record, key, previous } = await rotateApiKey(storage, id, { graceMs, by: actor });
        await storage.appendAudit({
          actor,
          action: 'key.rotate',
          keyId: record.id,
          details: { previous: previous.id, graceMs },
        });
        if (options.json) print(JSON.stringify({ ...publicView(record), key }));
        else {
          print(`rotated ${previous.id} → ${record.id}`);
          print(`key: ${key}`);
          print(graceMs > 0 ? `the old key expires at ${previous.expiresAt}` : 'the old key is revoked');
        }
      });
    });

  command
    .command('quarantine <id>')
    .description('block a key until released (incident response)')
    .requiredOption('--reason <text>', 'why (kept in the audit log)')
    .option(...storageOption)
    .action(async (id: string, options: CommonOptions & { reason: string }) => {
      await withStorage(options.storage, async (storage) => {
        const record = await storage.updateKey(id, {
          quarantinedAt: new Date().toISOString(),
          quarantineReason: options.reason,
        });
        await storage.appendAudit({
          actor: cliActor(),
          action: 'key.quarantine',
          keyId: record.id,
          details: { reason: options.reason },
        });
        print(`quarantined ${record.id}`);
      });
    });

  command
    .command('release <id>')
    .description('release a quarantined key')
    .option(...storageOption)
    .action(async (id: string, options: CommonOptions) => {
      await withStorage(options.storage, async (storage) => {
        const record = await storage.updateKey(id, { quarantinedAt: null, quarantineReason: null });
        await storage.appendAudit({ actor: cliActor(), action: 'key.release', keyId: record.id });
        print(`released ${record.id}`);
      });
    });

  return command;
}
