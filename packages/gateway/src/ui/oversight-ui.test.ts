import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { createUser } from '../auth/bootstrap-access.js';
import { GatewayConfig } from '../config/gateway-config.js';
import { createOversight } from '../incident/create-oversight.js';
import { createGateway } from '../server/create-gateway.js';
import { createFakeGuard } from '../server/testing/create-fake-guard.js';
import { createMemoryStorage } from '../storage/memory-storage.js';

async function setup(roles: ('reviewer' | 'auditor' | 'operator')[]) {
  const storage = createMemoryStorage();
  const oversight = createOversight({
    storage,
    secureCookies: false,
    environment: { PALISADE_REVIEW_STORE_TEXT: 'all' },
  });
  const app = createGateway(GatewayConfig.parse({}), {
    guards: createFakeGuard(),
    review: oversight.review,
    mount: oversight.mount,
  });
  const password = 'a long enough password 123';
  const user = await createUser(storage, { username: 'pat', roles, password });
  const secret = new Secret({ size: 20 }).base32;
  await storage.updateUser(user.id, { totpSecret: secret, totpEnabled: true });
  const jar = new Map<string, string>();
  const request = async (
    path: string,
    init: { method?: string; form?: Record<string, string> | URLSearchParams } = {},
  ) => {
    const headers: Record<string, string> = {
      host: 'gateway.test',
      cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; '),
    };
    if (init.form !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['origin'] = 'http://gateway.test';
    }
    const response = await app.request(`http://gateway.test${path}`, {
      method: init.method ?? (init.form === undefined ? 'GET' : 'POST'),
      headers,
      ...(init.form === undefined ? {} : { body: new URLSearchParams(init.form).toString() }),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, value] = (pair ?? '').split('=');
      if (name !== undefined) jar.set(name, value ?? '');
    }
    return response;
  };
  const signInFully = async () => {
    await request('/ui/login', { form: { username: 'pat', password } });
    await request('/ui/mfa', {
      form: { _csrf: jar.get('palisade_csrf') ?? '', code: new TOTP({ secret, algorithm: 'SHA1' }).generate() },
    });
  };
  return { storage, oversight, request, jar, signInFully };
}

describe('oversight UI (server side)', () => {
  it('enrols an authenticator at first sign-in and shows recovery codes once', async () => {
    const { request, jar, storage } = await setup(['reviewer']);
    const user = await storage.getUserByName('pat');
    await storage.updateUser(user!.id, { totpEnabled: false, totpSecret: null });
    const login = await request('/ui/login', { form: { username: 'pat', password: 'a long enough password 123' } });
    expect(login.headers.get('location')).toBe('/ui/enrol');
    expect((await request('/ui/mfa')).headers.get('location')).toBe('/ui/enrol');
    const page = await request('/ui/enrol');
    const secret = /id="secret" type="text" readonly value="([A-Z2-7]+)"/.exec(await page.text())?.[1];
    expect(secret).toBeDefined();
    const wrong = await request('/ui/enrol', { form: { _csrf: jar.get('palisade_csrf') ?? '', code: '000000' } });
    expect(wrong.headers.get('location')).toBe('/ui/enrol?notice=sign-in-failed');
    const confirmed = await request('/ui/enrol', {
      form: {
        _csrf: jar.get('palisade_csrf') ?? '',
        code: new TOTP({ secret: secret!, algorithm: 'SHA1' }).generate(),
      },
    });
    expect(confirmed.status).toBe(200);
    expect((await confirmed.text()).match(/id="recovery-codes">([^<]+)</)?.[1]?.split('\n').length).toBeGreaterThan(4);
    expect((await request('/ui/review')).status).toBe(200);
  });

  it('redirects to sign-in, needs the second factor, and sets a strict CSP', async () => {
    const { request, jar } = await setup(['reviewer']);
    const anonymous = await request('/ui/review');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/ui/login');
    const login = await request('/ui/login');
    expect(login.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(login.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect(await login.text()).not.toMatch(/<script>|style=/);
    const wrong = await request('/ui/login', { form: { username: 'pat', password: 'wrong password here' } });
    expect(wrong.headers.get('location')).toBe('/ui/login?notice=sign-in-failed');
    await request('/ui/login', { form: { username: 'pat', password: 'a long enough password 123' } });
    expect(jar.has('palisade_session')).toBe(true);
    const halfway = await request('/ui/review');
    expect(halfway.headers.get('location')).toBe('/ui/mfa');
    const noToken = await request('/ui/mfa', { form: { code: '000000' } });
    expect(noToken.status).toBe(403);
  });

  it('escapes item text, refuses decisions without the CSRF token, audits decisions and releases the hold', async () => {
    const { request, jar, signInFully, oversight, storage } = await setup(['reviewer']);
    await signInFully();
    const { id } = await oversight.review.submit({
      requestId: 'req-1',
      route: '/v1/chat/completions',
      stage: 'input',
      findings: [
        { scanner: 'fake', category: 'review.test', severity: 'medium', message: 'm', span: { start: 0, end: 9 } },
      ],
      text: 'REVIEW-ME <script>alert(1)</script>',
    });
    const item = await request(`/ui/review/${id}`);
    expect(item.status).toBe(200);
    const body = await item.text();
    expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(body).toContain('<mark class="medium"');
    const waiting = oversight.review.waitForDecision(id, { timeoutMs: 30_000, signal: new AbortController().signal });
    const forged = await request(`/ui/review/${id}`, { form: { status: 'approved' } });
    expect(forged.status).toBe(403);
    const decided = await request(`/ui/review/${id}`, {
      form: { _csrf: jar.get('palisade_csrf') ?? '', status: 'rejected', label: 'injection', note: 'n' },
    });
    expect(decided.status).toBe(303);
    expect(await waiting).toBe('rejected');
    const audit = await storage.listAudit();
    expect(audit.find((event) => event.action === 'review.decide')).toMatchObject({
      actor: expect.stringMatching(/^user:/),
      requestId: 'req-1',
      decision: 'rejected',
    });
    expect((await request('/ui/kill-switch')).status).toBe(403);
  });

  it('lets an operator trip a kill switch but not decide reviews; bulk decisions apply to ticked items', async () => {
    const operator = await setup(['operator']);
    await operator.signInFully();
    expect((await operator.request('/ui/review')).status).toBe(403);
    const set = await operator.request('/ui/kill-switch', {
      form: {
        _csrf: operator.jar.get('palisade_csrf') ?? '',
        action: 'set',
        scope: 'global',
        mode: 'block',
        reason: 'drill',
      },
    });
    expect(set.headers.get('location')).toBe('/ui/kill-switch?notice=kill-set');
    expect(await operator.oversight.killSwitch.match({ route: '/v1/chat/completions' })).toMatchObject({
      reason: 'drill',
    });
    const csrfOperator = operator.jar.get('palisade_csrf') ?? '';
    await operator.storage.createKey({
      id: 'pal_uitest000001',
      name: 'app',
      secretHash: 'c'.repeat(64),
      roles: ['app'],
      limits: {},
      createdAt: new Date().toISOString(),
    });
    expect(await (await operator.request('/ui/keys')).text()).toContain('pal_uitest000001');
    await operator.request('/ui/keys/pal_uitest000001/quarantine', { form: { _csrf: csrfOperator, reason: 'burst' } });
    expect((await operator.storage.getKey('pal_uitest000001'))?.quarantineReason).toBe('burst');
    await operator.request('/ui/keys/pal_uitest000001/release', { form: { _csrf: csrfOperator } });
    expect((await operator.storage.getKey('pal_uitest000001'))?.quarantinedAt).toBeUndefined();
    const alert = await operator.storage.createAlert({
      kind: 'anomaly.requests',
      subject: 'ip:x',
      severity: 'medium',
      message: 'm',
    });
    await operator.request(`/ui/alerts/${alert.id}/ack`, { form: { _csrf: csrfOperator } });
    expect((await operator.storage.listAlerts())[0]?.status).toBe('acknowledged');
    // Admin actions are audited asynchronously: poll (bounded) until the acknowledgement is in the log.
    let timeline = '';
    for (let attempt = 0; attempt < 40 && !timeline.includes('alert.ack'); attempt += 1) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 25));
      timeline = await (await operator.request('/ui/incident/export?from=2000-01-01T00:00:00Z&format=md')).text();
    }
    expect(timeline).toContain('key.quarantine');
    expect(timeline).toContain('alert.ack');
    expect(timeline).toContain('kill-switch.set');

    const reviewer = await setup(['reviewer']);
    await reviewer.signInFully();
    const ids: string[] = [];
    for (const requestId of ['a', 'b', 'c']) {
      ids.push(
        (
          await reviewer.oversight.review.submit({
            requestId,
            route: '/v1/x',
            stage: 'input',
            findings: [],
            text: requestId,
          })
        ).id,
      );
    }
    const csrf = reviewer.jar.get('palisade_csrf') ?? '';
    const empty = await reviewer.request('/ui/review/bulk', { form: { _csrf: csrf, bulk: 'approved' } });
    expect(empty.headers.get('location')).toBe('/ui/review?notice=invalid');
    const form = new URLSearchParams({ _csrf: csrf, bulk: 'approved', label: 'benign' });
    form.append('ids[]', ids[0]!);
    form.append('ids[]', ids[2]!);
    const bulk = await reviewer.request('/ui/review/bulk', { form });
    expect(bulk.headers.get('location')).toBe('/ui/review?notice=bulk');
    expect((await reviewer.storage.listReviews({ status: 'approved' })).map((item) => item.requestId).sort()).toEqual([
      'a',
      'c',
    ]);
    expect(await reviewer.storage.countReviews('pending')).toBe(1);
  });
});
