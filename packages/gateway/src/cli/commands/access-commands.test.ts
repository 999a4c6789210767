import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isGuardError } from '@palisade/guard';
import Database from 'better-sqlite3';
import type { Command } from 'commander';
import { Secret, TOTP } from 'otpauth';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApiKeyVerifier } from '../../auth/api-keys.js';
import { openStorage } from '../../storage/open-storage.js';
import { auditCommand, parseSince } from './audit.js';
import { keysCommand } from './keys.js';
import { usersCommand } from './users.js';

let folder: string;
let url: string;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'palisade-cli-'));
  url = `sqlite:${join(folder, 'palisade.db')}`;
  process.exitCode = undefined;
});
afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
  process.exitCode = undefined;
  vi.restoreAllMocks();
});

async function run(create: () => Command, args: readonly string[]): Promise<string> {
  let output = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    output += String(chunk);
    return true;
  });
  try {
    await create()
      .exitOverride()
      .parseAsync([...args, '--storage', url], { from: 'user' });
  } finally {
    vi.restoreAllMocks();
  }
  return output;
}

describe('palisade keys', () => {
  it('creates a key printed once, lists it without secret, rotates and revokes it', async () => {
    const created = JSON.parse(
      await run(keysCommand, [
        'create',
        '--name',
        'app1',
        '--role',
        'app',
        '--policy',
        'default',
        '--rpm',
        '60',
        '--tpm',
        '100000',
        '--expires',
        '30d',
        '--json',
      ]),
    ) as { id: string; key: string; limits: object; expiresAt: string; status: string };
    expect(created.key).toMatch(/^pal_/);
    expect(created.limits).toEqual({ rpm: 60, tpm: 100_000 });
    expect(Date.parse(created.expiresAt) - Date.now()).toBeGreaterThan(29 * 86_400_000);
    const listed = await run(keysCommand, ['list']);
    expect(listed).toContain(created.id);
    expect(listed).toContain('active');
    expect(listed).not.toContain(created.key.slice(17));
    const storage = await openStorage(url);
    try {
      const verifier = createApiKeyVerifier(storage, { cacheTtlMs: 0 });
      expect((await verifier.verify(created.key)).policyId).toBe('default');
      const rotated = JSON.parse(await run(keysCommand, ['rotate', created.id, '--json'])) as {
        key: string;
        id: string;
      };
      await expect(verifier.verify(created.key)).rejects.toThrow(/invalid/);
      expect((await verifier.verify(rotated.key)).id).toBe(rotated.id);
      expect(await run(keysCommand, ['quarantine', rotated.id, '--reason', 'burst'])).toContain('quarantined');
      await expect(verifier.verify(rotated.key)).rejects.toThrow(/quarantined/);
      await run(keysCommand, ['release', rotated.id]);
      expect(await run(keysCommand, ['revoke', rotated.id])).toContain('revoked');
      await expect(verifier.verify(rotated.key)).rejects.toThrow(/invalid/);
      const actions = (await storage.listAudit()).map((event) => event.action);
      expect(actions).toEqual(['key.create', 'key.rotate', 'key.quarantine', 'key.release', 'key.revoke']);
    } finally {
      await storage.close();
    }
  });

  it('refuses bad options with typed errors', async () => {
    for (const args of [
      ['create', '--name', 'x', '--role', 'root'],
      ['create', '--name', 'x', '--role', 'app', '--rpm', '-5'],
      ['create', '--name', 'x', '--role', 'app', '--expires', 'forever'],
      ['revoke', 'pal_missing'],
    ]) {
      const error = await run(keysCommand, args).catch((caught: unknown) => caught);
      expect(
        isGuardError(error) || (error as { code?: string }).code === 'commander.invalidArgument',
        args.join(' '),
      ).toBe(true);
    }
  });
});

describe('palisade audit', () => {
  it('verifies, exports and names the first tampered event', async () => {
    await run(keysCommand, ['create', '--name', 'a', '--role', 'app']);
    await run(keysCommand, ['create', '--name', 'b', '--role', 'app']);
    await run(keysCommand, ['create', '--name', 'c', '--role', 'app']);
    expect(await run(auditCommand, ['verify'])).toMatch(/audit chain OK: 3 events/);
    expect(process.exitCode).toBeUndefined();
    const jsonl = await run(auditCommand, ['export', '--since', '1h']);
    expect(
      jsonl
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { seq: number }).seq),
    ).toEqual([1, 2, 3]);
    const csv = await run(auditCommand, ['export', '--format', 'csv', '--since', '2000-01-01']);
    expect(csv.split('\n')[0]).toMatch(/^seq,id,at,actor,action/);
    expect(await run(auditCommand, ['export', '--until', '2000-01-01'])).toBe('');
    const out = join(folder, 'audit.csv');
    await run(auditCommand, ['export', '--format', 'csv', '--out', out]);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(4);
    const head = JSON.parse(await run(auditCommand, ['verify', '--json'])) as { headHash: string };
    expect(await run(auditCommand, ['verify', '--expect-head', 'f'.repeat(64)])).toMatch(/does not end/);
    expect(process.exitCode).toBe(1);
    process.exitCode = undefined;
    expect(await run(auditCommand, ['verify', '--expect-head', head.headHash])).toMatch(/OK/);
    const database = new Database(join(folder, 'palisade.db'));
    database.exec('DROP TRIGGER audit_events_no_update');
    database.prepare("UPDATE audit_events SET at = '2020-01-01T00:00:00.000Z' WHERE seq = 2").run();
    database.close();
    expect(await run(auditCommand, ['verify'])).toMatch(/BROKEN at event #2 .*hash-mismatch/);
    expect(process.exitCode).toBe(1);
    await expect(run(auditCommand, ['export', '--format', 'xml'])).rejects.toThrow(/jsonl or csv/);
  });

  it('parses since values', () => {
    expect(parseSince('24h', Date.parse('2026-01-02T00:00:00Z'))).toBe('2026-01-01T00:00:00.000Z');
    expect(parseSince('2026-01-31')).toBe('2026-01-31T00:00:00.000Z');
    expect(() => parseSince("1' OR '1")).toThrow(/ISO date/);
  });
});

describe('palisade users', () => {
  it('creates a person, enrols TOTP with recovery codes, resets and disables', async () => {
    process.env['PALISADE_TEST_PASSWORD'] = 'correct horse battery staple';
    try {
      const created = await run(usersCommand, [
        'create',
        '--username',
        'alice',
        '--role',
        'reviewer,auditor',
        '--password-env',
        'PALISADE_TEST_PASSWORD',
      ]);
      expect(created).toContain('created alice (reviewer,auditor)');
      expect(created).not.toContain('correct horse');
    } finally {
      delete process.env['PALISADE_TEST_PASSWORD'];
    }
    const generated = await run(usersCommand, ['create', '--username', 'bob', '--role', 'admin']);
    expect(generated).toMatch(/password: [A-Za-z0-9_-]{24}/);
    const enrol = await run(usersCommand, ['enroll-totp', 'alice']);
    const secret = /secret: ([A-Z2-7]+)/.exec(enrol)?.[1];
    expect(secret).toBeDefined();
    const code = TOTP.generate({ secret: Secret.fromBase32(secret!) });
    const confirmed = await run(usersCommand, ['confirm-totp', 'alice', '--code', code]);
    expect(confirmed.match(/^ {2}[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/gm)).toHaveLength(10);
    const listed = await run(usersCommand, ['list']);
    expect(listed).toMatch(/alice\s+reviewer,auditor\s+enrolled/);
    const json = await run(usersCommand, ['list', '--json']);
    expect(json).not.toContain('passwordHash');
    expect(json).not.toContain(secret);
    await run(usersCommand, ['reset-totp', 'alice']);
    expect(await run(usersCommand, ['list'])).toMatch(/alice\s+reviewer,auditor\s+not enrolled/);
    await run(usersCommand, ['disable', 'alice']);
    expect(await run(usersCommand, ['list'])).toMatch(/alice.*disabled/);
    await expect(run(usersCommand, ['create', '--username', 'carol', '--role', 'app'])).rejects.toThrow(/--role/);
    await expect(run(usersCommand, ['enroll-totp', 'nobody'])).rejects.toThrow(/no such user/);
    const storage = await openStorage(url);
    try {
      expect((await storage.listAudit()).map((event) => event.action)).toEqual([
        'user.create',
        'user.create',
        'user.totp.begin',
        'user.totp.enrol',
        'user.totp.reset',
        'user.disable',
      ]);
    } finally {
      await storage.close();
    }
  });
});
