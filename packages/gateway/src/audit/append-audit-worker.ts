/**
 * Test helper process: appends `count` audit events to the storage at `url` as fast as it can.
 * Usage: node --import tsx append-audit-worker.ts <storage-url> <worker-name> <count>
 */

import { openStorage } from '../storage/open-storage.js';

const [url, worker, count] = process.argv.slice(2);
if (url === undefined || worker === undefined || count === undefined) {
  process.stderr.write('usage: append-audit-worker <storage-url> <worker> <count>\n');
  process.exitCode = 2;
} else {
  const storage = await openStorage(url);
  try {
    // Several appends in flight at once inside this process too.
    const pending: Promise<unknown>[] = [];
    for (let index = 0; index < Number(count); index++) {
      pending.push(storage.appendAudit({ actor: `worker:${worker}`, action: 'test.append', details: { index } }));
      if (pending.length >= 4) await Promise.all(pending.splice(0));
    }
    await Promise.all(pending);
  } finally {
    await storage.close();
  }
}
