import { describe, expect, it } from 'vitest';
import { createPermissionTable, isAllowed, permissions } from './permissions.js';

describe('permission table', () => {
  it('has unique ids and unique method + path pairs', () => {
    expect(new Set(permissions.map((permission) => permission.id)).size).toBe(permissions.length);
    expect(new Set(permissions.map((permission) => `${permission.method} ${permission.path}`)).size).toBe(
      permissions.length,
    );
  });

  it('finds the most specific rule', () => {
    const table = createPermissionTable();
    expect(table.find('POST', '/admin/policies/reload')?.id).toBe('admin.policies.reload');
    expect(table.find('GET', '/admin/policies/strict')?.id).toBe('admin.policies.get');
    expect(table.find('POST', '/review/items/bulk')?.id).toBe('review.bulk');
    expect(table.find('POST', '/review/items/abc/decision')?.id).toBe('review.decide');
    expect(table.find('GET', '/ui/assets/css/app.css')?.id).toBe('ui.assets');
    expect(table.find('HEAD', '/healthz')?.id).toBe('health');
    expect(table.find('GET', '/v1/chat/completions')).toBeUndefined();
    expect(table.find('POST', '/v1/chat/completions/extra')).toBeUndefined();
    expect(table.find('GET', '/admin/keys?limit=5')?.id).toBe('admin.keys.list');
    expect(table.byId('guard.scan')?.path).toBe('/v1/guard/scan');
  });

  it('decides access by role', () => {
    expect(isAllowed(undefined, 'public')).toBe(true);
    expect(isAllowed(undefined, ['app'])).toBe(false);
    expect(isAllowed(['reviewer'], 'signed-in')).toBe(true);
    expect(isAllowed(['app'], ['admin', 'operator'])).toBe(false);
    expect(isAllowed(['auditor', 'app'], ['admin', 'auditor'])).toBe(true);
    expect(isAllowed(['operator'], undefined)).toBe(false);
    expect(isAllowed(['admin'], undefined)).toBe(true);
  });

  it('keeps app keys away from people routes and people away from nothing they need', () => {
    const table = createPermissionTable();
    const appRoutes = permissions.filter((permission) => isAllowed(['app'], permission.access)).map((p) => p.id);
    expect(
      appRoutes.every((id) =>
        /^(health|ready|chat|completions|embeddings|models|guard|auth\.|ui\.(login|assets|mfa|enrol))/.test(id),
      ),
    ).toBe(true);
    expect(isAllowed(['reviewer'], table.byId('review.decide')?.access)).toBe(true);
    expect(isAllowed(['auditor'], table.byId('admin.audit.export')?.access)).toBe(true);
    expect(isAllowed(['operator'], table.byId('admin.users.create')?.access)).toBe(false);
  });
});
