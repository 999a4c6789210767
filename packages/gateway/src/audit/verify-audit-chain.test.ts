import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../storage/memory-storage.js';
import type { AuditEvent } from '../storage/storage.js';
import { findTestPostgres, openTestPostgres, openTestSqlite } from '../storage/test-databases.js';
import { computeAuditHash } from './audit-hash.js';
import { auditCsvHeader, formatAuditEvent } from './export-audit.js';
import { iterateAudit } from './iterate-audit.js';
import { verifyAuditChain } from './verify-audit-chain.js';

async function chain(length: number): Promise<AuditEvent[]> {
  const storage = createMemoryStorage();
  for (let index = 0; index < length; index++) {
    await storage.appendAudit({ actor: 'key:pal_a', action: 'guard.decision', decision: 'allow', details: { index } });
  }
  return [...(await storage.listAudit())];
}

describe('verifyAuditChain', () => {
  it('accepts an intact chain and reports its head', async () => {
    const events = await chain(5);
    expect(await verifyAuditChain(events)).toEqual({
      valid: true,
      checked: 5,
      headHash: events[4]?.hash,
      headSeq: 5,
    });
    expect(await verifyAuditChain([])).toMatchObject({ valid: true, checked: 0, headSeq: 0 });
  });

  it('names an edited event', async () => {
    const events = await chain(5);
    events[2] = { ...events[2]!, decision: 'block' };
    expect((await verifyAuditChain(events)).firstBad).toEqual({ seq: 3, id: events[2].id, problem: 'hash-mismatch' });
  });

  it('names the event after an edit whose hash was recomputed', async () => {
    const events = await chain(5);
    const { hash: _hash, ...edited } = { ...events[1]!, effective: 'allow' };
    events[1] = { ...edited, hash: computeAuditHash(edited) };
    expect((await verifyAuditChain(events)).firstBad).toMatchObject({ seq: 3, problem: 'broken-link' });
  });

  it('names the event after a deleted one', async () => {
    const events = await chain(5);
    events.splice(1, 1);
    expect((await verifyAuditChain(events)).firstBad).toMatchObject({ seq: 3, problem: 'sequence-gap' });
  });

  it('names reordered events', async () => {
    const events = await chain(5);
    const [third, fourth] = [events[2]!, events[3]!];
    events[2] = fourth;
    events[3] = third;
    expect((await verifyAuditChain(events)).firstBad).toMatchObject({ seq: 4, problem: 'sequence-gap' });
  });

  it('names events moved by renumbering them', async () => {
    const events = await chain(5);
    const [third, fourth] = [events[2]!, events[3]!];
    events[2] = { ...fourth, seq: 3 };
    events[3] = { ...third, seq: 4 };
    expect((await verifyAuditChain(events)).firstBad).toMatchObject({ seq: 3, problem: 'hash-mismatch' });
  });

  it('detects truncation against a head recorded elsewhere', async () => {
    const events = await chain(5);
    const report = await verifyAuditChain(events.slice(0, 3));
    expect(report.valid).toBe(true);
    expect(report.headHash).not.toBe(events[4]?.hash);
  });

  it('verifies a slice given its starting point', async () => {
    const events = await chain(6);
    const report = await verifyAuditChain(events.slice(3), { afterSeq: 3, prevHash: events[2]!.hash });
    expect(report).toMatchObject({ valid: true, checked: 3, headSeq: 6 });
  });
});

describe('audit export', () => {
  it('writes JSON lines and CSV that neutralises formulas', async () => {
    const storage = createMemoryStorage();
    const event = await storage.appendAudit({ actor: '=HYPERLINK("http://x")', action: 'a,"b"', status: 200 });
    expect(JSON.parse(formatAuditEvent(event, 'jsonl'))).toEqual(event);
    const header = auditCsvHeader().trim().split(',');
    const line = formatAuditEvent(event, 'csv');
    expect(line).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(line).toContain('"a,""b"""');
    expect(header[0]).toBe('seq');
    expect(line.startsWith('1,')).toBe(true);
  });

  it('pages through the log in order', async () => {
    const storage = createMemoryStorage();
    for (let index = 0; index < 7; index++) await storage.appendAudit({ actor: 'system', action: `a${index}` });
    const seen: number[] = [];
    for await (const event of iterateAudit(storage, { afterSeq: 2 }, 2)) seen.push(event.seq);
    expect(seen).toEqual([3, 4, 5, 6, 7]);
  });
});

describe('audit tamper detection in SQLite', () => {
  it('refuses edits through SQL and names the first bad event when triggers are bypassed', async () => {
    const test = await openTestSqlite();
    try {
      for (let index = 0; index < 4; index++) await test.storage.appendAudit({ actor: 'system', action: `a${index}` });
      const database = new Database(test.location);
      try {
        expect(() => database.prepare("UPDATE audit_events SET actor = 'mallory' WHERE seq = 2").run()).toThrow(
          /append-only/,
        );
        expect(() => database.prepare('DELETE FROM audit_events WHERE seq = 2').run()).toThrow(/append-only/);
        database.exec('DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete');
        const body = JSON.parse(
          (database.prepare('SELECT body FROM audit_events WHERE seq = 2').get() as { body: string }).body,
        ) as Record<string, unknown>;
        database.prepare('UPDATE audit_events SET body = ? WHERE seq = 2').run(JSON.stringify({ ...body, actor: 'x' }));
      } finally {
        database.close();
      }
      const report = await verifyAuditChain(iterateAudit(test.storage));
      expect(report.firstBad).toMatchObject({ seq: 2, problem: 'hash-mismatch' });
    } finally {
      await test.dispose();
    }
  });
});

const worker = fileURLToPath(new URL('./append-audit-worker.ts', import.meta.url));
const run = promisify(execFile);

async function appendFromProcesses(url: string, processes: number, count: number): Promise<void> {
  await Promise.all(
    Array.from({ length: processes }, (_, index) =>
      run(process.execPath, ['--conditions=source', '--import', 'tsx', worker, url, `p${index}`, String(count)]),
    ),
  );
}

const postgres = await findTestPostgres();

describe('one audit chain across processes', () => {
  it('SQLite: two processes append concurrently', async () => {
    const test = await openTestSqlite();
    try {
      await appendFromProcesses(`sqlite:${test.location}`, 2, 50);
      const events = [...(await test.storage.listAudit({ limit: 1000 }))];
      expect(events.map((event) => event.seq)).toEqual(Array.from({ length: 100 }, (_, index) => index + 1));
      expect(new Set(events.map((event) => event.actor))).toEqual(new Set(['worker:p0', 'worker:p1']));
      expect((await verifyAuditChain(events)).valid).toBe(true);
    } finally {
      await test.dispose();
    }
  });

  it.skipIf(postgres.url === undefined)(
    `PostgreSQL: two processes append concurrently${postgres.skipReason ? ` (skipped: ${postgres.skipReason})` : ''}`,
    async () => {
      const test = await openTestPostgres(postgres.url!);
      try {
        await appendFromProcesses(test.location, 2, 50);
        const events = [...(await test.storage.listAudit({ limit: 1000 }))];
        expect(events.map((event) => event.seq)).toEqual(Array.from({ length: 100 }, (_, index) => index + 1));
        expect((await verifyAuditChain(events)).valid).toBe(true);
        // The append-only trigger also guards PostgreSQL.
        const client = new pg.Client({ connectionString: postgres.url });
        await client.connect();
        try {
          const schema = new URL(test.location).searchParams.get('schema');
          await expect(client.query(`UPDATE "${schema}".audit_events SET actor = 'x' WHERE seq = 1`)).rejects.toThrow(
            /append-only/,
          );
        } finally {
          await client.end();
        }
      } finally {
        await test.dispose();
      }
    },
  );
});
