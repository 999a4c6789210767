import { describeStorageContract } from './storage-contract.js';
import { openTestPglite } from './test-databases.js';

describeStorageContract('pglite', openTestPglite);
