import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Principal } from '../auth/principal.js';
import type { StoredFinding } from '../storage/storage.js';

type Markup = HtmlEscapedString | Promise<HtmlEscapedString>;

/** Navigation entries and the roles that see them. */
const navigation: readonly { readonly href: string; readonly label: string; readonly roles: readonly string[] }[] = [
  { href: '/ui/review', label: 'Review queue', roles: ['admin', 'reviewer'] },
  { href: '/ui/dashboard', label: 'Dashboard', roles: ['admin', 'operator', 'reviewer', 'auditor'] },
  { href: '/ui/alerts', label: 'Alerts', roles: ['admin', 'operator', 'auditor'] },
  { href: '/ui/kill-switch', label: 'Kill switch', roles: ['admin', 'operator'] },
  { href: '/ui/keys', label: 'Keys', roles: ['admin', 'operator'] },
];

/** What every page needs. */
export interface PageOptions {
  readonly title: string;
  readonly principal?: Principal;
  readonly csrf?: string;
  readonly active?: string;
  readonly notice?: { readonly text: string; readonly error?: boolean };
  /** Reload the page every this many seconds (list pages). */
  readonly refreshSeconds?: number;
  /** Load Chart.js before the UI script (dashboard). */
  readonly charts?: boolean;
}

/**
 * The page frame: navigation by role, sign-out form, the one stylesheet and the one script.
 *
 * @example
 * c.html(page({ title: 'Alerts', principal }, html`<h1>Alerts</h1>`));
 */
export function page(options: PageOptions, content: Markup): Markup {
  const roles = options.principal?.roles ?? [];
  const links = navigation.filter((entry) => entry.roles.some((role) => roles.includes(role as never)));
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · Palisade</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/ui/assets/ui.css">
</head>
<body data-refresh="${options.refreshSeconds ?? 0}">
<header class="top">
  <span class="brand">PALISADE</span>
  ${links.map(
    (entry) =>
      html`<a href="${entry.href}" class="${options.active === entry.href ? 'active' : ''}">${entry.label}</a>`,
  )}
  <span class="spacer"></span>
  ${
    options.principal === undefined || options.principal.mfaPending === true
      ? ''
      : html`<span class="muted">${options.principal.name} (${roles.join(', ')})</span>
  <form method="post" action="/ui/logout"><input type="hidden" name="_csrf" value="${options.csrf ?? ''}"><button type="submit">Sign out</button></form>`
  }
</header>
<main>
${options.notice === undefined ? '' : html`<div class="flash ${options.notice.error === true ? 'error' : ''}" role="status">${options.notice.text}</div>`}
${content}
</main>
${options.charts === true ? html`<script src="/ui/assets/chart.umd.min.js"></script>` : ''}
<script src="/ui/assets/ui.js"></script>
</body>
</html>`;
}

/**
 * The text with finding spans wrapped in `<mark>` (overlaps merged, everything escaped).
 *
 * @example
 * highlight('mail bob@example.com', [{ scanner: 'pii', category: 'pii.email', severity: 'medium', start: 5, end: 20 }]);
 */
export function highlight(text: string, findings: readonly StoredFinding[]): Markup {
  const spans = findings
    .filter(
      (finding) =>
        finding.start !== undefined &&
        finding.end !== undefined &&
        finding.end > finding.start &&
        finding.start < text.length,
    )
    .map((finding) => ({
      start: finding.start as number,
      end: Math.min(text.length, finding.end as number),
      titles: [`${finding.scanner} · ${finding.category} · ${finding.severity}`],
      severity: finding.severity,
    }))
    .sort((a, b) => a.start - b.start);
  const merged: typeof spans = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last !== undefined && span.start < last.end) {
      last.end = Math.max(last.end, span.end);
      last.titles.push(...span.titles);
      if (span.severity === 'critical' || span.severity === 'high') last.severity = span.severity;
    } else merged.push({ ...span, titles: [...span.titles] });
  }
  const parts: Markup[] = [];
  let cursor = 0;
  for (const span of merged) {
    parts.push(html`${text.slice(cursor, span.start)}`);
    parts.push(
      html`<mark class="${span.severity}" title="${span.titles.join('\n')}">${text.slice(span.start, span.end)}</mark>`,
    );
    cursor = span.end;
  }
  parts.push(html`${text.slice(cursor)}`);
  return html`${parts}`;
}

/**
 * A relative age (`3 min`, `2 h`) for list pages.
 *
 * @example
 * age('2026-01-01T00:00:00Z', Date.parse('2026-01-01T00:03:00Z')); // '3 min'
 */
export function age(at: string, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(at)) / 1000));
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} d`;
}
