import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isGuardError } from '@palisade/guard';
import { describe, expect, it } from 'vitest';
import { isSecretReference, resolveSecretReference } from './secret-reference.js';

describe('resolveSecretReference', () => {
  it('reads env: and file: references', async () => {
    expect(await resolveSecretReference('env:UPSTREAM_KEY', { UPSTREAM_KEY: ' sk-test \n' })).toBe('sk-test');
    const path = join(mkdtempSync(join(tmpdir(), 'palisade-secret-')), 'key');
    writeFileSync(path, 'sk-file\n');
    expect(await resolveSecretReference(`file:${path}`)).toBe('sk-file');
  });

  it('rejects literal secrets and missing values without echoing them', async () => {
    expect(isSecretReference('sk-live-abcdef')).toBe(false);
    const literal = await resolveSecretReference('sk-live-abcdef', {}).catch((error: unknown) => error);
    expect(isGuardError(literal) && literal.code).toBe('secret-unresolved');
    expect(String((literal as Error).message)).not.toContain('sk-live');
    const missing = await resolveSecretReference('env:NOPE', {}).catch((error: unknown) => error);
    expect((missing as Error).message).toContain('NOPE');
    const file = await resolveSecretReference('file:/nonexistent/palisade', {}).catch((error: unknown) => error);
    expect(isGuardError(file) && file.code).toBe('secret-unresolved');
  });
});
