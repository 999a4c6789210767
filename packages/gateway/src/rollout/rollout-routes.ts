import { GuardError } from '@palisade/guard';
import { type Context, Hono } from 'hono';
import type { Storage } from '../storage/storage.js';
import { listRollouts, promoteRollout, rollbackRollout, startRollout } from './policy-rollout.js';

function actor(c: Context): string {
  const principal = c.get('principal' as never) as { kind?: string; id?: string } | undefined;
  return principal?.id ? `${principal.kind ?? 'principal'}:${principal.id}` : 'unknown';
}

/**
 * Admin REST API for canary rollouts (admin only: these routes are not in the RBAC table, which admits
 * admins alone for unlisted admin routes). Every change is audited.
 *
 * @example
 * app.route('/', createRolloutRoutes(storage));
 */
export function createRolloutRoutes(storage: Storage): Hono {
  const app = new Hono();
  app.get('/admin/rollouts', async (c) => c.json({ rollouts: await listRollouts(storage) }));
  app.post('/admin/rollouts', async (c) => {
    const body = (await c.req.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    if (!body || typeof body.policyId !== 'string' || typeof body.canaryFile !== 'string') {
      throw new GuardError('invalid-input', 'expected { policyId, canaryFile, percent, by, rest }');
    }
    const by = body.by === 'request' ? 'request' : 'key';
    const rest = body.rest === 'stable' ? 'stable' : 'shadow';
    const rollout = await startRollout(
      storage,
      { policyId: body.policyId, canaryFile: body.canaryFile, percent: Number(body.percent ?? 10), by, rest },
      actor(c),
    );
    return c.json(rollout, 201);
  });
  app.post('/admin/rollouts/:policy/promote', async (c) =>
    c.json(await promoteRollout(storage, c.req.param('policy'), actor(c))),
  );
  app.post('/admin/rollouts/:policy/rollback', async (c) => {
    await rollbackRollout(storage, c.req.param('policy'), actor(c));
    return c.json({ rolledBack: c.req.param('policy') });
  });
  return app;
}
