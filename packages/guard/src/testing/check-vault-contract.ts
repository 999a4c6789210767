import { GuardError } from '../errors.js';
import type { Vault, VaultEntry } from '../redact/vault.js';

/** Options for {@link checkVaultContract}. */
export interface VaultContractOptions {
  /** Builds a fresh, empty vault whose TTLs follow `clock` (milliseconds). */
  createVault(clock: () => number): Vault | Promise<Vault>;
  /** Skip the TTL check for stores whose expiry follows their own clock (Redis). */
  skipTtl?: boolean;
}

const bob: VaultEntry = { token: '<EMAIL_1>', original: 'bob@example.com', entity: 'EMAIL', restorable: true };
const eve: VaultEntry = { token: '<EMAIL_2>', original: 'eve@example.com', entity: 'EMAIL', restorable: false };

function expectEqual(actual: unknown, expected: unknown, what: string): void {
  const left = JSON.stringify(actual);
  const right = JSON.stringify(expected);
  if (left !== right) throw new GuardError('internal', `vault contract: ${what}: expected ${right}, got ${left}`);
}

function sorted(entries: readonly VaultEntry[]): VaultEntry[] {
  return [...entries]
    .map((entry) => ({
      token: entry.token,
      original: entry.original,
      entity: entry.entity,
      restorable: entry.restorable,
    }))
    .sort((left, right) => left.token.localeCompare(right.token));
}

/**
 * The behaviour every {@link Vault} implementation must have, framework-free: throws a GuardError
 * naming the first broken expectation. Run it from a test of your own vault driver.
 *
 * @example
 * it('redis vault meets the contract', () => checkVaultContract({ createVault: () => createRedisVault(redis), skipTtl: true }));
 */
export async function checkVaultContract(options: VaultContractOptions): Promise<void> {
  let now = 1_000_000;
  const vault = await options.createVault(() => now);
  expectEqual(await vault.read('unknown'), [], 'an unknown conversation reads empty');
  await vault.write('one', [bob], 60_000);
  await vault.write('one', [eve], 60_000);
  expectEqual(sorted(await vault.read('one')), [bob, eve], 'writes add entries');
  expectEqual(await vault.read('two'), [], 'conversations are isolated');
  const replaced: VaultEntry = { ...bob, original: 'bob@corp.example' };
  await vault.write('one', [replaced], 60_000);
  expectEqual(sorted(await vault.read('one')), [replaced, eve], 'the same token is replaced');
  if (`${String(vault)}${JSON.stringify({ vault })}`.includes('example')) {
    throw new GuardError('internal', 'vault contract: printing the vault must not reveal entries');
  }
  await vault.delete('one');
  expectEqual(await vault.read('one'), [], 'delete forgets a conversation');
  if (!options.skipTtl) {
    await vault.write('ttl', [bob], 1000);
    now += 999;
    expectEqual((await vault.read('ttl')).length, 1, 'entries live until their TTL');
    await vault.write('ttl', [eve], 1000);
    now += 999;
    expectEqual((await vault.read('ttl')).length, 2, 'a write extends the TTL');
    now += 1;
    expectEqual(await vault.read('ttl'), [], 'entries expire after their TTL');
  }
}
