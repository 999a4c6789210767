import { createMemoryStorage } from './memory-storage.js';
import { describeStorageContract } from './storage-contract.js';
import { openTestSqlite } from './test-databases.js';

// PGlite and the real PostgreSQL run the same contract in their own files (in parallel).
describeStorageContract('memory', async () => {
  const storage = createMemoryStorage();
  return { storage, dispose: () => storage.close() };
});
describeStorageContract('sqlite', openTestSqlite);
