import { describe, it } from 'vitest';
import { createMemoryStorage } from './memory-storage.js';
import { describeStorageContract } from './storage-contract.js';
import { findTestPostgres, openTestPglite, openTestPostgres, openTestSqlite } from './test-databases.js';

describeStorageContract('memory', async () => {
  const storage = createMemoryStorage();
  return { storage, dispose: () => storage.close() };
});
describeStorageContract('sqlite', openTestSqlite);
describeStorageContract('pglite', openTestPglite);

const postgres = await findTestPostgres();
if (postgres.url !== undefined) {
  const url = postgres.url;
  describeStorageContract('postgres', () => openTestPostgres(url));
} else {
  describe.skip(`storage contract: postgres (skipped: ${postgres.skipReason})`, () => {
    it('needs a reachable PostgreSQL', () => undefined);
  });
}
