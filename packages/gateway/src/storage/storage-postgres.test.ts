import { describe, it } from 'vitest';
import { describeStorageContract } from './storage-contract.js';
import { findTestPostgres, openTestPostgres } from './test-databases.js';

const postgres = await findTestPostgres();
if (postgres.url !== undefined) {
  const url = postgres.url;
  describeStorageContract('postgres', () => openTestPostgres(url));
} else {
  describe.skip(`storage contract: postgres (skipped: ${postgres.skipReason})`, () => {
    it('needs a reachable PostgreSQL', () => undefined);
  });
}
