import { describe, expect, it } from 'vitest';
import { createMemoryVault, type Vault } from '../redact/vault.js';
import { checkVaultContract } from './check-vault-contract.js';

describe('checkVaultContract', () => {
  it('passes for the memory vault', async () => {
    await checkVaultContract({ createVault: (clock) => createMemoryVault({ clock }) });
  });

  it('fails a vault that leaks across conversations', async () => {
    const shared = createMemoryVault();
    const leaky: Vault = {
      read: () => shared.read('all'),
      write: (_id, entries, ttl) => shared.write('all', entries, ttl),
      delete: () => shared.delete('all'),
    };
    await expect(checkVaultContract({ createVault: () => leaky, skipTtl: true })).rejects.toThrow(
      /conversations are isolated/,
    );
  });
});
