import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { GuardError } from '@palisade/guard';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { html } from 'hono/html';
import { streamSSE } from 'hono/streaming';
import { createAuditRecorder } from '../audit/create-audit-recorder.js';
import { type ApiKeyVerifier, createApiKeyVerifier } from '../auth/api-keys.js';
import type { Principal } from '../auth/principal.js';
import { principalActor } from '../auth/principal.js';
import {
  completeSignIn,
  promoteSession,
  sessionCookieName,
  sessionCookieOptions,
  signIn,
  signOut,
} from '../auth/sessions.js';
import { beginTotpEnrolment, confirmTotpEnrolment } from '../auth/totp.js';
import type { KillSwitch, KillSwitchScope } from '../incident/create-kill-switch.js';
import { buildIncidentTimeline, formatTimelineMarkdown } from '../incident/incident-timeline.js';
import { quarantineKey, releaseKey } from '../incident/key-quarantine.js';
import type { GatewayMetrics } from '../metrics/gateway-metrics.js';
import { authMiddleware } from '../middleware/auth/auth.js';
import { rbacMiddleware } from '../middleware/rbac/rbac.js';
import { createPermissionTable, permissions, type RoutePermission } from '../rbac/permissions.js';
import type { Role } from '../rbac/roles.js';
import type { ReviewQueue } from '../review/create-review-queue.js';
import { feedbackLabel } from '../review/export-feedback.js';
import type { ReviewQuery, ReviewStatus, Storage } from '../storage/storage.js';
import { uiScript } from './assets/ui-script.js';
import { uiStylesheet } from './assets/ui-stylesheet.js';
import { computeDashboard, type DashboardData } from './dashboard-data.js';
import { age, highlight, page } from './ui-layout.js';

/** Options of {@link createOversightUi}. */
export interface OversightUiOptions {
  readonly storage: Storage;
  readonly review: ReviewQueue;
  readonly killSwitch: KillSwitch;
  readonly metrics?: GatewayMetrics;
  /** Live circuit states of this instance's upstreams (`router.circuitStates`). */
  readonly circuitStates?: () => Readonly<Record<string, string>>;
  /** `false` only for plain-HTTP development and tests (drops `Secure` and the `__Host-` prefix). */
  readonly secureCookies?: boolean;
  readonly keys?: ApiKeyVerifier;
  /** Server-sent dashboard snapshots every this many ms (default 5000). */
  readonly dashboardIntervalMs?: number;
}

const people: readonly Role[] = ['admin', 'operator', 'reviewer', 'auditor'];
const keyManagers: readonly Role[] = ['admin', 'operator'];
const readers: readonly Role[] = ['admin', 'operator', 'auditor'];

/** UI routes beyond the shared permission table (form posts and data endpoints). */
export const uiPermissions: readonly RoutePermission[] = [
  { id: 'ui.login.submit', method: 'POST', path: '/ui/login', access: 'public' },
  { id: 'ui.mfa.submit', method: 'POST', path: '/ui/mfa', access: 'signed-in' },
  { id: 'ui.enrol.submit', method: 'POST', path: '/ui/enrol', access: 'signed-in' },
  { id: 'ui.logout', method: 'POST', path: '/ui/logout', access: 'signed-in' },
  { id: 'ui.dashboard.data', method: 'GET', path: '/ui/dashboard/data', access: people },
  { id: 'ui.alerts.ack', method: 'POST', path: '/ui/alerts/:id/ack', access: keyManagers },
  { id: 'ui.keys.quarantine', method: 'POST', path: '/ui/keys/:id/quarantine', access: keyManagers },
  { id: 'ui.keys.release', method: 'POST', path: '/ui/keys/:id/release', access: keyManagers },
  { id: 'ui.incident.export', method: 'GET', path: '/ui/incident/export', access: readers },
];

/** Strict CSP of every UI response: only this origin's one script, one stylesheet and fetches. */
export const uiContentSecurityPolicy =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const notices: Readonly<Record<string, { text: string; error?: boolean }>> = {
  approved: { text: 'Approved: the held request was released.' },
  rejected: { text: 'Rejected: the held request was refused.' },
  bulk: { text: 'Bulk decision applied.' },
  conflict: { text: 'Another reviewer decided this item first.', error: true },
  'kill-set': { text: 'Kill switch set: it applies on every instance within a second.' },
  'kill-cleared': { text: 'Kill switch cleared.' },
  quarantined: { text: 'Key quarantined.' },
  released: { text: 'Key released.' },
  acknowledged: { text: 'Alert acknowledged.' },
  invalid: { text: 'The form was incomplete or invalid.', error: true },
  'sign-in-failed': { text: 'Wrong username, password or code.', error: true },
};

function chartLibrary(): string {
  const require = createRequire(import.meta.url);
  return readFileSync(join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'), 'utf8');
}

function field(body: Record<string, unknown>, name: string, max = 2000): string | undefined {
  const value = body[name];
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed.slice(0, max);
}

function sameOrigin(c: Context): boolean {
  const origin = c.req.header('origin');
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === (c.req.header('host') ?? new URL(c.req.url).host);
  } catch {
    return false;
  }
}

const ageWindows: Readonly<Record<string, number>> = {
  '15m': 900_000,
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 604_800_000,
};

/**
 * The human oversight web UI under `/ui`: sign-in with password and TOTP, the review queue with
 * filters, bulk actions and keyboard shortcuts, item pages with highlighted findings, the live
 * dashboard, alerts, kill switches, key quarantine and incident export. Server-rendered, strict CSP
 * (one script, one stylesheet, Chart.js from node_modules), CSRF-checked forms, every action audited.
 * Pass the result as the gateway's `mount` dependency.
 *
 * @example
 * const mount = createOversightUi({ storage, review, killSwitch, metrics });
 * createGateway(config, { guards, review, mount });
 */
export function createOversightUi(options: OversightUiOptions): (app: Hono) => void {
  const { storage, review, killSwitch } = options;
  const secure = options.secureCookies ?? true;
  const cookie = sessionCookieName(secure);
  const csrfCookie = secure ? '__Host-palisade_csrf' : 'palisade_csrf';
  const audit = createAuditRecorder(storage);
  const table = createPermissionTable([...uiPermissions, ...permissions]);
  const auth = authMiddleware({
    keys: options.keys ?? createApiKeyVerifier(storage),
    sessions: { storage, secureCookies: secure },
  }) as unknown as MiddlewareHandler;
  const rbac = rbacMiddleware({ table }) as unknown as MiddlewareHandler;
  let chartSource: string | undefined;
  let dashboardCache: { at: number; data: Promise<DashboardData> } | undefined;
  const dashboard = (): Promise<DashboardData> => {
    if (dashboardCache === undefined || Date.now() - dashboardCache.at > 2000) {
      const data = computeDashboard({
        storage,
        ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
        ...(options.circuitStates === undefined ? {} : { circuitStates: options.circuitStates }),
      });
      dashboardCache = { at: Date.now(), data };
      data.catch(() => {
        dashboardCache = undefined;
      });
    }
    return dashboardCache.data;
  };

  const principalOf = (c: Context): Principal => {
    const principal = c.get('principal' as never) as Principal | undefined;
    if (principal === undefined) throw new GuardError('auth-missing', 'sign in first');
    return principal;
  };
  const csrfOf = (c: Context): string => getCookie(c, csrfCookie) ?? '';
  const noticeOf = (c: Context) => notices[c.req.query('notice') ?? ''];
  const setSessionCookies = (c: Context, tokens: { sessionToken: string; csrfToken: string; expiresAt: Date }) => {
    setCookie(c, cookie, tokens.sessionToken, sessionCookieOptions(tokens.expiresAt, secure));
    setCookie(c, csrfCookie, tokens.csrfToken, sessionCookieOptions(tokens.expiresAt, secure));
  };
  const clearSessionCookies = (c: Context) => {
    deleteCookie(c, cookie, { path: '/', secure });
    deleteCookie(c, csrfCookie, { path: '/', secure });
  };
  const formOf = async (c: Context): Promise<Record<string, unknown>> =>
    (await c.req.parseBody()) as Record<string, unknown>;

  return (app) => {
    app.use('/ui', async (c, next) => {
      await next();
      c.res.headers.set('content-security-policy', uiContentSecurityPolicy);
      c.res.headers.set('referrer-policy', 'same-origin');
    });
    app.use('/ui/*', async (c, next) => {
      const path = c.req.path;
      const open = path.startsWith('/ui/assets/') || path === '/ui/login';
      try {
        if (!open) {
          await auth(c, async () => {});
          await rbac(c, async () => {});
        }
      } catch (error) {
        const code = error instanceof GuardError ? error.code : 'internal';
        if (c.req.method === 'GET' && (code === 'auth-missing' || code === 'auth-invalid')) {
          if (code === 'auth-invalid') clearSessionCookies(c);
          return c.redirect('/ui/login', 303);
        }
        if (c.req.method === 'GET' && code === 'mfa-required') return c.redirect('/ui/mfa', 303);
        throw error;
      }
      await next();
      c.res.headers.set('content-security-policy', uiContentSecurityPolicy);
      // With no-referrer, browsers send `Origin: null` on form posts and the same-origin check would refuse them.
      c.res.headers.set('referrer-policy', 'same-origin');
      c.res.headers.set('cache-control', path.startsWith('/ui/assets/') ? 'public, max-age=300' : 'no-store');
    });

    // Assets: one stylesheet, one script, the chart library.
    app.get('/ui/assets/ui.css', (c) => c.body(uiStylesheet, 200, { 'content-type': 'text/css; charset=utf-8' }));
    app.get('/ui/assets/ui.js', (c) => c.body(uiScript, 200, { 'content-type': 'text/javascript; charset=utf-8' }));
    app.get('/ui/assets/chart.umd.min.js', (c) => {
      chartSource ??= chartLibrary();
      return c.body(chartSource, 200, { 'content-type': 'text/javascript; charset=utf-8' });
    });

    // Sign-in: password, then TOTP.
    app.get('/ui/login', (c) =>
      c.html(
        page(
          { title: 'Sign in', ...(noticeOf(c) === undefined ? {} : { notice: noticeOf(c)! }) },
          html`<div class="card narrow"><h1>Sign in</h1>
<form method="post" action="/ui/login">
<label for="username">Username</label><input id="username" name="username" type="text" autocomplete="username" required>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<p><button class="primary" type="submit">Continue</button></p>
</form></div>`,
        ),
      ),
    );
    app.post('/ui/login', async (c) => {
      if (!sameOrigin(c)) throw new GuardError('csrf-invalid', 'cross-origin sign-in refused');
      const body = await formOf(c);
      const username = field(body, 'username', 200) ?? '';
      try {
        const result = await signIn(storage, username, String(body['password'] ?? '').slice(0, 1024));
        setSessionCookies(c, result);
        if (result.enrolmentRequired) return c.redirect('/ui/enrol', 303);
        return c.redirect('/ui/mfa', 303);
      } catch (error) {
        if (!(error instanceof GuardError) || error.code !== 'auth-invalid') throw error;
        await storage.appendAudit({ actor: 'anonymous', action: 'ui.sign-in.failed', details: { stage: 'password' } });
        return c.redirect('/ui/login?notice=sign-in-failed', 303);
      }
    });
    app.get('/ui/mfa', async (c) => {
      const principal = principalOf(c);
      if (principal.mfaPending !== true) return c.redirect('/ui', 303);
      if ((await storage.getUser(principal.id))?.totpEnabled === false) return c.redirect('/ui/enrol', 303);
      return c.html(
        page(
          { title: 'Two-factor sign-in', ...(noticeOf(c) === undefined ? {} : { notice: noticeOf(c)! }) },
          html`<div class="card narrow"><h1>One-time code</h1>
<form method="post" action="/ui/mfa">
<input type="hidden" name="_csrf" value="${csrfOf(c)}">
<label for="code">Code from your authenticator app (or a recovery code)</label>
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required>
<p><button class="primary" type="submit">Sign in</button></p>
</form></div>`,
        ),
      );
    });
    app.post('/ui/mfa', async (c) => {
      const body = await formOf(c);
      const code = (field(body, 'code', 64) ?? '').replace(/\s/g, '');
      const token = getCookie(c, cookie) ?? '';
      try {
        const proof = /^\d{6,8}$/.test(code) ? { totp: code } : { recoveryCode: code };
        const { user, session } = await completeSignIn(storage, token, proof);
        setSessionCookies(c, session);
        await storage.appendAudit({
          actor: `user:${user.id}`,
          action: 'ui.sign-in',
          details: { mfa: 'totp' in proof ? 'totp' : 'recovery-code' },
        });
        return c.redirect('/ui', 303);
      } catch (error) {
        if (!(error instanceof GuardError) || !['auth-invalid', 'mfa-invalid', 'mfa-required'].includes(error.code))
          throw error;
        await audit.recordAction(principalOf(c), 'ui.sign-in.failed', { details: { stage: 'totp' } });
        return c.redirect('/ui/mfa?notice=sign-in-failed', 303);
      }
    });
    app.get('/ui/enrol', async (c) => {
      const principal = principalOf(c);
      const user = await storage.getUser(principal.id);
      if (user === undefined || principal.kind !== 'user') throw new GuardError('auth-invalid', 'sign in again');
      if (user.totpEnabled) return c.redirect(principal.mfaPending === true ? '/ui/mfa' : '/ui', 303);
      const { secret, uri } = await beginTotpEnrolment(storage, user);
      return c.html(
        page(
          { title: 'Enrol an authenticator', ...(noticeOf(c) === undefined ? {} : { notice: noticeOf(c)! }) },
          html`<div class="card narrow"><h1>Enrol an authenticator</h1>
<p>Add this account to your authenticator app (TOTP, SHA-1, 6 digits, 30 s), then type the code it shows.</p>
<label for="secret">Secret</label><input id="secret" type="text" readonly value="${secret}">
<label for="uri">otpauth URI</label><input id="uri" type="text" readonly value="${uri}">
<form method="post" action="/ui/enrol">
<input type="hidden" name="_csrf" value="${csrfOf(c)}">
<label for="code">Code</label><input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required>
<p><button class="primary" type="submit">Confirm</button></p>
</form></div>`,
        ),
      );
    });
    app.post('/ui/enrol', async (c) => {
      const principal = principalOf(c);
      const user = await storage.getUser(principal.id);
      if (user === undefined || principal.kind !== 'user') throw new GuardError('auth-invalid', 'sign in again');
      const code = (field(await formOf(c), 'code', 16) ?? '').replace(/\s/g, '');
      let recoveryCodes: readonly string[];
      try {
        ({ recoveryCodes } = await confirmTotpEnrolment(storage, user, code));
      } catch (error) {
        if (error instanceof GuardError && (error.code === 'mfa-invalid' || error.code === 'auth-invalid')) {
          return c.redirect('/ui/enrol?notice=sign-in-failed', 303);
        }
        throw error;
      }
      setSessionCookies(c, await promoteSession(storage, getCookie(c, cookie) ?? ''));
      await audit.recordAction(principal, 'ui.totp-enrolled');
      return c.html(
        page(
          { title: 'Recovery codes' },
          html`<div class="card narrow"><h1>Authenticator enrolled</h1>
<p>Keep these one-time recovery codes somewhere safe: they are shown only once.</p>
<pre class="text" id="recovery-codes">${recoveryCodes.join('\n')}</pre>
<p><a href="/ui">Continue</a></p></div>`,
        ),
      );
    });
    app.post('/ui/logout', async (c) => {
      const principal = principalOf(c);
      await signOut(storage, getCookie(c, cookie) ?? '');
      await audit.recordAction(principal, 'ui.sign-out');
      clearSessionCookies(c);
      return c.redirect('/ui/login', 303);
    });
    app.get('/ui', (c) => {
      const roles = principalOf(c).roles;
      return c.redirect(roles.includes('reviewer') || roles.includes('admin') ? '/ui/review' : '/ui/dashboard', 303);
    });

    // Review queue.
    app.get('/ui/review', async (c) => {
      const principal = principalOf(c);
      const status = (c.req.query('status') ?? 'pending') as ReviewStatus | 'all';
      const scanner = c.req.query('scanner')?.trim() || undefined;
      const category = c.req.query('category')?.trim() || undefined;
      const keyId = c.req.query('key')?.trim() || undefined;
      const ageWindow = c.req.query('age') ?? '';
      const offset = Math.max(0, Number.parseInt(c.req.query('offset') ?? '0', 10) || 0);
      const query: ReviewQuery = {
        limit: 51,
        offset,
        ...(status === 'all' || !['pending', 'approved', 'rejected', 'expired'].includes(status) ? {} : { status }),
        ...(scanner === undefined ? {} : { scanner: scanner.slice(0, 100) }),
        ...(category === undefined ? {} : { category: category.slice(0, 100) }),
        ...(keyId === undefined ? {} : { keyId: keyId.slice(0, 100) }),
        ...(ageWindows[ageWindow] === undefined
          ? {}
          : { createdAfter: new Date(Date.now() - (ageWindows[ageWindow] as number)).toISOString() }),
      };
      const items = await storage.listReviews(query);
      const more = items.length > 50;
      const shown = items.slice(0, 50);
      const pending = await storage.countReviews('pending');
      const selectedIf = (value: string, current: string) => (value === current ? 'selected' : '');
      const next = new URLSearchParams(c.req.query());
      next.set('offset', String(offset + 50));
      return c.html(
        page(
          {
            title: 'Review queue',
            principal,
            csrf: csrfOf(c),
            active: '/ui/review',
            refreshSeconds: 15,
            ...(noticeOf(c) === undefined ? {} : { notice: noticeOf(c)! }),
          },
          html`<h1>Review queue <span class="badge pending" id="pending-count">${pending} pending</span></h1>
<form class="card filters" method="get" action="/ui/review">
<div><label for="f-status">Status</label><select id="f-status" name="status">
${['pending', 'approved', 'rejected', 'expired', 'all'].map((value) => html`<option value="${value}" ${selectedIf(value, status)}>${value}</option>`)}
</select></div>
<div><label for="f-scanner">Scanner</label><input id="f-scanner" name="scanner" type="text" value="${scanner ?? ''}"></div>
<div><label for="f-category">Category</label><input id="f-category" name="category" type="text" value="${category ?? ''}"></div>
<div><label for="f-key">Key</label><input id="f-key" name="key" type="text" value="${keyId ?? ''}"></div>
<div><label for="f-age">Age</label><select id="f-age" name="age">
${['', '15m', '1h', '24h', '7d'].map((value) => html`<option value="${value}" ${selectedIf(value, ageWindow)}>${value === '' ? 'any' : `last ${value}`}</option>`)}
</select></div>
<div><button type="submit">Filter</button></div>
</form>
<form id="bulk-form" method="post" action="/ui/review/bulk">
<input type="hidden" name="_csrf" value="${csrfOf(c)}">
<input type="hidden" name="status" value="">
<table>
<thead><tr><th><input type="checkbox" id="select-all" aria-label="select all"></th><th>Created</th><th>Status</th><th>Stage</th><th>Key</th><th>Findings</th><th>Excerpt</th></tr></thead>
<tbody>
${shown.map(
  (item) => html`<tr data-href="/ui/review/${item.id}" data-id="${item.id}">
<td><input type="checkbox" name="ids[]" value="${item.id}" aria-label="select"></td>
<td title="${item.createdAt}">${age(item.createdAt)} ago</td>
<td><span class="badge ${item.status}">${item.status}</span></td>
<td>${item.stage}</td>
<td>${item.keyId ?? '–'}</td>
<td>${[...new Set(item.findings.map((finding) => `${finding.scanner}: ${finding.category}`))].join(', ')}</td>
<td><a href="/ui/review/${item.id}">${(item.text ?? item.excerpt ?? '').slice(0, 120)}</a></td>
</tr>`,
)}
</tbody></table>
${shown.length === 0 ? html`<p class="muted">Nothing here. Held requests appear as soon as a policy asks for review.</p>` : ''}
<div class="card row">
<div><label for="bulk-label">Label for selected</label><input id="bulk-label" name="label" type="text" placeholder="benign, injection, jailbreak, harmful, toxic, pii"></div>
<div><label for="bulk-note">Note</label><input id="bulk-note" name="note" type="text"></div>
<div><label>&nbsp;</label><button class="approve" type="submit" name="bulk" value="approved" id="bulk-approve">Approve selected</button>
<button class="reject" type="submit" name="bulk" value="rejected" id="bulk-reject">Reject selected</button></div>
</div>
</form>
${more ? html`<p><a href="/ui/review?${next.toString()}">Next page →</a></p>` : ''}
<p class="muted">Shortcuts: <span class="kbd">j</span>/<span class="kbd">k</span> move, <span class="kbd">o</span> open, <span class="kbd">x</span> select, <span class="kbd">a</span> approve, <span class="kbd">r</span> reject, <span class="kbd">?</span> help.</p>`,
        ),
      );
    });

    app.post('/ui/review/bulk', async (c) => {
      const principal = principalOf(c);
      const body = await formOf(c);
      const ids = (Array.isArray(body['ids[]']) ? body['ids[]'] : [body['ids[]']]).filter(
        (id): id is string => typeof id === 'string' && id.length > 0 && id.length <= 100,
      );
      const status = field(body, 'bulk', 20) ?? field(body, 'status', 20);
      if (ids.length === 0 || ids.length > 200 || (status !== 'approved' && status !== 'rejected')) {
        return c.redirect('/ui/review?notice=invalid', 303);
      }
      const label = field(body, 'label', 100);
      const note = field(body, 'note', 2000);
      let decided = 0;
      let conflicts = 0;
      for (const id of ids) {
        try {
          const item = await review.decide(id, {
            status,
            decidedBy: principalActor(principal),
            ...(label === undefined ? {} : { label }),
            ...(note === undefined ? {} : { note }),
          });
          decided += 1;
          await audit.recordAction(principal, 'review.decide', {
            requestId: item.requestId,
            ...(item.keyId === undefined ? {} : { keyId: item.keyId }),
            decision: status,
            details: { itemId: id, bulk: true, ...(label === undefined ? {} : { label }) },
          });
        } catch (error) {
          if (error instanceof GuardError && (error.code === 'conflict' || error.code === 'not-found')) conflicts += 1;
          else throw error;
        }
      }
      await audit.recordAction(principal, 'review.bulk', { decision: status, details: { decided, conflicts } });
      return c.redirect(`/ui/review?notice=${conflicts > 0 ? 'conflict' : 'bulk'}`, 303);
    });

    app.get('/ui/review/:id', async (c) => {
      const principal = principalOf(c);
      const item = await storage.getReview(c.req.param('id'));
      if (item === undefined) throw new GuardError('not-found', 'no such review item');
      const suggested = feedbackLabel({ status: 'rejected', findings: item.findings });
      const decided = item.status !== 'pending';
      const form = (
        status: 'approved' | 'rejected',
        label: string,
      ) => html`<form id="${status === 'approved' ? 'approve-form' : 'reject-form'}" method="post" action="/ui/review/${item.id}" class="card">
<input type="hidden" name="_csrf" value="${csrfOf(c)}">
<input type="hidden" name="status" value="${status}">
<label for="${status}-label">Label</label><input id="${status}-label" name="label" type="text" value="${label}">
<label for="${status}-note">Note</label><textarea id="${status}-note" name="note"></textarea>
<p><button class="${status === 'approved' ? 'approve' : 'reject'}" type="submit">${status === 'approved' ? 'Approve (a)' : 'Reject (r)'}</button></p>
</form>`;
      return c.html(
        page(
          {
            title: `Review ${item.id}`,
            principal,
            csrf: csrfOf(c),
            active: '/ui/review',
            ...(noticeOf(c) === undefined ? {} : { notice: noticeOf(c)! }),
          },
          html`<p><a href="/ui/review">← Queue</a></p>
<h1>Review item <code>${item.id}</code> <span class="badge ${item.status}" id="item-status">${item.status}</span></h1>
<div class="card"><table>
<tr><th>Request</th><td><code>${item.requestId}</code></td><th>Stage</th><td>${item.stage}</td></tr>
<tr><th>Key</th><td>${item.keyId ?? '–'}</td><th>Policy</th><td>${item.policyId ?? '–'}</td></tr>
<tr><th>Created</th><td>${item.createdAt}</td><th>Route</th><td>${String(item.details?.['route'] ?? '–')}</td></tr>
${decided ? html`<tr><th>Decided by</th><td>${item.decidedBy ?? ''}</td><th>At</th><td>${item.decidedAt ?? ''}</td></tr><tr><th>Label</th><td>${item.label ?? ''}</td><th>Note</th><td>${item.note ?? ''}</td></tr>` : ''}
</table></div>
<h2>${item.text === undefined ? 'Redacted excerpt (the policy does not store the text)' : 'Text'}</h2>
<pre class="text" id="item-text">${item.text === undefined ? (item.excerpt ?? '') : highlight(item.text, item.findings)}</pre>
<h2>Findings</h2>
<table><thead><tr><th>Scanner</th><th>Category</th><th>Severity</th><th>Score</th><th>Span</th><th>Message</th></tr></thead><tbody>
${item.findings.map(
  (finding) =>
    html`<tr><td>${finding.scanner}</td><td>${finding.category}</td><td><span class="badge ${finding.severity}">${finding.severity}</span></td><td>${finding.score === undefined ? '' : finding.score.toFixed(2)}</td><td>${finding.start === undefined ? '' : `${finding.start}–${finding.end}`}</td><td>${finding.message ?? ''}</td></tr>`,
)}
</tbody></table>
${decided ? '' : html`<div class="row">${form('approved', 'benign')}${form('rejected', suggested)}</div>`}`,
        ),
      );
    });

    app.post('/ui/review/:id', async (c) => {
      const principal = principalOf(c);
      const id = c.req.param('id');
      const body = await formOf(c);
      const status = field(body, 'status', 20);
      if (status !== 'approved' && status !== 'rejected') return c.redirect(`/ui/review/${id}?notice=invalid`, 303);
      const label = field(body, 'label', 100);
      const note = field(body, 'note', 2000);
      try {
        const item = await review.decide(id, {
          status,
          decidedBy: principalActor(principal),
          ...(label === undefined ? {} : { label }),
          ...(note === undefined ? {} : { note }),
        });
        await audit.recordAction(principal, 'review.decide', {
          requestId: item.requestId,
          ...(item.keyId === undefined ? {} : { keyId: item.keyId }),
          decision: status,
          details: { itemId: id, ...(label === undefined ? {} : { label }), hasNote: note !== undefined },
        });
      } catch (error) {
        if (error instanceof GuardError && error.code === 'conflict')
          return c.redirect(`/ui/review/${id}?notice=conflict`, 303);
        throw error;
      }
      const next = await storage.listReviews({ status: 'pending', limit: 1 });
      return c.redirect(
        next[0] === undefined ? `/ui/review?notice=${status}` : `/ui/review/${next[0].id}?notice=${status}`,
        303,
      );
    });

    // Dashboard.
    app.get('/ui/dashboard', (c) =>
      c.html(
        page(
          { title: 'Dashboard', principal: principalOf(c), csrf: csrfOf(c), active: '/ui/dashboard', charts: true },
          html`<h1>Dashboard <span class="muted" id="updated"></span></h1>
<div id="dashboard" data-events="/ui/dashboard/events" data-source="/ui/dashboard/data">
<div class="stats">
<div class="stat">Requests (60 min)<b id="stat-requests">–</b></div>
<div class="stat">Blocked or held for review<b id="stat-rejected">–</b></div>
<div class="stat">Review backlog<b id="stat-backlog">–</b></div>
<div class="stat">Time to decision p50 / p90<b id="stat-ttd">–</b></div>
<div class="stat">Open alerts<b id="stat-alerts">–</b></div>
<div class="stat">Kill switches<b id="stat-kill">–</b></div>
</div>
<div class="charts">
<div class="card"><h2>Requests and decisions per minute</h2><div class="chart-box"><canvas id="chart-decisions"></canvas></div></div>
<div class="card"><h2>Guard latency p50 / p99</h2><div class="chart-box"><canvas id="chart-latency"></canvas></div></div>
<div class="card"><h2>Rejection rate by key</h2><div class="chart-box"><canvas id="chart-keys"></canvas></div></div>
<div class="card"><h2>Rejection rate by scanner</h2><div class="chart-box"><canvas id="chart-scanners"></canvas></div></div>
<div class="card"><h2>Top categories</h2><div class="chart-box"><canvas id="chart-categories"></canvas></div></div>
<div class="card"><h2>Upstream errors and circuit state</h2><div class="chart-box"><canvas id="chart-upstreams"></canvas></div></div>
</div></div>`,
        ),
      ),
    );
    app.get('/ui/dashboard/data', async (c) => c.json(await dashboard()));
    app.get('/ui/dashboard/events', (c) =>
      streamSSE(c, async (stream) => {
        let open = true;
        stream.onAbort(() => {
          open = false;
        });
        // At most an hour per stream: the browser reconnects, which re-checks the session.
        const until = Date.now() + 3_600_000;
        while (open && Date.now() < until) {
          await stream.writeSSE({ event: 'snapshot', data: JSON.stringify(await dashboard()) });
          await stream.sleep(options.dashboardIntervalMs ?? 5000);
        }
      }),
    );

    // Alerts.
    app.get('/ui/alerts', async (c) => {
      const principal = principalOf(c);
      const alerts = await storage.listAlerts({ limit: 200 });
      const canAck = principal.roles.some((role) => keyManagers.includes(role));
      return c.html(
        page(
          {
            title: 'Alerts',
            principal,
            csrf: csrfOf(c),
            active: '/ui/alerts',
            refreshSeconds: 10,
            ...(noticeOf(c) === undefined ? {} : { notice: noticeOf(c)! }),
          },
          html`<h1>Alerts</h1>
<table id="alerts"><thead><tr><th>When</th><th>Severity</th><th>Kind</th><th>Subject</th><th>Message</th><th>Status</th><th></th></tr></thead><tbody>
${alerts.map(
  (
    alert,
  ) => html`<tr data-alert="${alert.id}"><td title="${alert.at}">${age(alert.at)} ago</td><td><span class="badge ${alert.severity}">${alert.severity}</span></td><td>${alert.kind}</td><td>${alert.subject}</td><td>${alert.message}</td><td><span class="badge ${alert.status}">${alert.status}</span></td>
<td>${
    alert.status === 'open' && canAck
      ? html`<form method="post" action="/ui/alerts/${alert.id}/ack"><input type="hidden" name="_csrf" value="${csrfOf(c)}"><button type="submit">Acknowledge</button></form>`
      : ''
  }</td></tr>`,
)}
</tbody></table>
${alerts.length === 0 ? html`<p class="muted">No alerts.</p>` : ''}
<div class="card"><h2>Incident export</h2>
<form method="get" action="/ui/incident/export" class="row">
<div><label for="from">From (ISO)</label><input id="from" name="from" type="text" value="${new Date(Date.now() - 3_600_000).toISOString()}"></div>
<div><label for="to">To (ISO)</label><input id="to" name="to" type="text" value="${new Date(Date.now() + 60_000).toISOString()}"></div>
<div><label for="format">Format</label><select id="format" name="format"><option value="md">Markdown</option><option value="json">JSON</option></select></div>
<div><label>&nbsp;</label><button type="submit">Export timeline</button></div>
</form></div>`,
        ),
      );
    });
    app.post('/ui/alerts/:id/ack', async (c) => {
      const principal = principalOf(c);
      const alert = await storage.acknowledgeAlert(c.req.param('id'), principalActor(principal));
      await audit.recordAction(principal, 'alert.ack', { details: { alertId: alert.id, kind: alert.kind } });
      return c.redirect('/ui/alerts?notice=acknowledged', 303);
    });
    app.get('/ui/incident/export', async (c) => {
      const principal = principalOf(c);
      const from = c.req.query('from') ?? new Date(Date.now() - 3_600_000).toISOString();
      const to = c.req.query('to') ?? new Date().toISOString();
      if (Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to))) {
        throw new GuardError('invalid-input', 'from and to must be ISO timestamps');
      }
      const timeline = await buildIncidentTimeline(storage, { from, to });
      await audit.recordAction(principal, 'incident.export', { details: { from: timeline.from, to: timeline.to } });
      const stamp = timeline.from.replace(/[:.]/g, '-');
      if (c.req.query('format') === 'json') {
        return c.body(JSON.stringify(timeline, null, 2), 200, {
          'content-type': 'application/json; charset=utf-8',
          'content-disposition': `attachment; filename="incident-${stamp}.json"`,
        });
      }
      return c.body(formatTimelineMarkdown(timeline), 200, {
        'content-type': 'text/markdown; charset=utf-8',
        'content-disposition': `attachment; filename="incident-${stamp}.md"`,
      });
    });

    // Kill switches.
    app.get('/ui/kill-switch', async (c) => {
      const principal = principalOf(c);
      const entries = await killSwitch.list();
      return c.html(
        page(
          {
            title: 'Kill switch',
            principal,
            csrf: csrfOf(c),
            active: '/ui/kill-switch',
            ...(noticeOf(c) === undefined ? {} : { notice: noticeOf(c)! }),
          },
          html`<h1>Kill switch</h1>
<table id="kill-switches"><thead><tr><th>Scope</th><th>Target</th><th>Mode</th><th>Reason</th><th>Set by</th><th>At</th><th></th></tr></thead><tbody>
${entries.map(
  (
    entry,
  ) => html`<tr><td>${entry.scope}</td><td>${entry.target ?? 'everything'}</td><td>${entry.mode}${entry.fallbackModel === undefined ? '' : ` → ${entry.fallbackModel}`}</td><td>${entry.reason}</td><td>${entry.setBy}</td><td>${entry.setAt}</td>
<td><form method="post" action="/ui/kill-switch"><input type="hidden" name="_csrf" value="${csrfOf(c)}"><input type="hidden" name="action" value="clear"><input type="hidden" name="scope" value="${entry.scope}"><input type="hidden" name="target" value="${entry.target ?? ''}"><button type="submit">Clear</button></form></td></tr>`,
)}
</tbody></table>
${entries.length === 0 ? html`<p class="muted" id="no-switches">No kill switch is active: traffic flows normally.</p>` : ''}
<form method="post" action="/ui/kill-switch" class="card danger-zone" id="kill-form">
<h2>Trip a kill switch</h2>
<input type="hidden" name="_csrf" value="${csrfOf(c)}">
<input type="hidden" name="action" value="set">
<div class="row">
<div><label for="scope">Scope</label><select id="scope" name="scope"><option value="global">global (all traffic)</option><option value="key">one API key</option><option value="route">one route</option><option value="upstream">one upstream</option></select></div>
<div><label for="target">Target (key id, route path such as /v1/chat/completions, upstream name)</label><input id="target" name="target" type="text"></div>
<div><label for="mode">Mode</label><select id="mode" name="mode"><option value="block">block (503)</option><option value="fallback">route to a fallback model</option></select></div>
<div><label for="fallback">Fallback model</label><input id="fallback" name="fallbackModel" type="text"></div>
</div>
<label for="reason">Reason (shown in the audit log and timeline)</label><input id="reason" name="reason" type="text" required>
<p><button class="danger" type="submit" id="trip">Trip kill switch</button></p>
</form>`,
        ),
      );
    });
    app.post('/ui/kill-switch', async (c) => {
      const principal = principalOf(c);
      const body = await formOf(c);
      const scope = field(body, 'scope', 20) as KillSwitchScope | undefined;
      const target = field(body, 'target', 300);
      if (scope === undefined || !['global', 'key', 'route', 'upstream'].includes(scope)) {
        return c.redirect('/ui/kill-switch?notice=invalid', 303);
      }
      try {
        if (field(body, 'action', 10) === 'clear') {
          await killSwitch.clear(scope, scope === 'global' ? undefined : target);
          await audit.recordAction(principal, 'kill-switch.clear', {
            details: { scope, ...(target === undefined ? {} : { target }) },
          });
          return c.redirect('/ui/kill-switch?notice=kill-cleared', 303);
        }
        const mode = field(body, 'mode', 10) === 'fallback' ? 'fallback' : 'block';
        const fallbackModel = field(body, 'fallbackModel', 200);
        const entry = await killSwitch.set({
          scope,
          mode,
          reason: field(body, 'reason', 500) ?? 'no reason given',
          setBy: principalActor(principal),
          ...(scope === 'global' || target === undefined ? {} : { target }),
          ...(fallbackModel === undefined ? {} : { fallbackModel }),
        });
        await audit.recordAction(principal, 'kill-switch.set', {
          ...(scope === 'key' && target !== undefined ? { keyId: target } : {}),
          details: { scope, mode, reason: entry.reason, ...(target === undefined ? {} : { target }) },
        });
      } catch (error) {
        if (error instanceof GuardError && error.code === 'invalid-input')
          return c.redirect('/ui/kill-switch?notice=invalid', 303);
        throw error;
      }
      return c.redirect('/ui/kill-switch?notice=kill-set', 303);
    });

    // Keys: quarantine and release.
    app.get('/ui/keys', async (c) => {
      const principal = principalOf(c);
      const keys = await storage.listKeys();
      return c.html(
        page(
          {
            title: 'Keys',
            principal,
            csrf: csrfOf(c),
            active: '/ui/keys',
            ...(noticeOf(c) === undefined ? {} : { notice: noticeOf(c)! }),
          },
          html`<h1>API keys</h1>
<table><thead><tr><th>Id</th><th>Name</th><th>Roles</th><th>Policy</th><th>State</th><th></th></tr></thead><tbody>
${keys.map(
  (
    key,
  ) => html`<tr><td><code>${key.id}</code></td><td>${key.name}</td><td>${key.roles.join(', ')}</td><td>${key.policyId ?? '–'}</td>
<td>${key.revokedAt !== undefined ? html`<span class="badge">revoked</span>` : key.quarantinedAt !== undefined ? html`<span class="badge rejected" title="${key.quarantineReason ?? ''}">quarantined</span>` : html`<span class="badge approved">active</span>`}</td>
<td>${
    key.revokedAt !== undefined
      ? ''
      : key.quarantinedAt === undefined
        ? html`<form method="post" action="/ui/keys/${key.id}/quarantine" class="row"><input type="hidden" name="_csrf" value="${csrfOf(c)}"><input name="reason" type="text" placeholder="reason" aria-label="reason"><button class="danger" type="submit">Quarantine</button></form>`
        : html`<form method="post" action="/ui/keys/${key.id}/release"><input type="hidden" name="_csrf" value="${csrfOf(c)}"><button type="submit">Release</button></form>`
  }</td></tr>`,
)}
</tbody></table>`,
        ),
      );
    });
    app.post('/ui/keys/:id/quarantine', async (c) => {
      const principal = principalOf(c);
      const body = await formOf(c);
      await quarantineKey(storage, c.req.param('id'), {
        reason: field(body, 'reason', 500) ?? 'quarantined from the UI',
        actor: principalActor(principal),
      });
      options.keys?.invalidate(c.req.param('id'));
      return c.redirect('/ui/keys?notice=quarantined', 303);
    });
    app.post('/ui/keys/:id/release', async (c) => {
      const principal = principalOf(c);
      await releaseKey(storage, c.req.param('id'), { actor: principalActor(principal) });
      options.keys?.invalidate(c.req.param('id'));
      return c.redirect('/ui/keys?notice=released', 303);
    });
  };
}
