import type { Storage } from '../storage/storage.js';

/** One line of an incident timeline. */
export interface TimelineEntry {
  readonly at: string;
  /** `alert`, `action` (admin, reviewer, kill switch, quarantine) or `decision` (a non-allow guard decision). */
  readonly type: 'alert' | 'action' | 'decision';
  readonly actor: string;
  readonly what: string;
  readonly subject?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** An incident timeline over `[from, to)`. */
export interface IncidentTimeline {
  readonly from: string;
  readonly to: string;
  readonly generatedAt: string;
  readonly summary: {
    readonly alerts: number;
    readonly actions: number;
    readonly decisions: Readonly<Record<string, number>>;
    /** True when more audit events existed than `maxEvents` (the timeline is cut). */
    readonly truncated: boolean;
  };
  readonly entries: readonly TimelineEntry[];
}

/**
 * Builds the timeline of an incident window from the shared storage: alerts, admin and reviewer
 * actions, and guard decisions other than `allow` (ids and categories only, never text).
 *
 * @example
 * const timeline = await buildIncidentTimeline(storage, { from: '2026-11-23T07:00:00Z', to: '2026-11-23T09:00:00Z' });
 */
export async function buildIncidentTimeline(
  storage: Pick<Storage, 'listAudit' | 'listAlerts'>,
  options: { readonly from: string; readonly to: string; readonly maxEvents?: number },
): Promise<IncidentTimeline> {
  const from = new Date(options.from).toISOString();
  const to = new Date(options.to).toISOString();
  const maxEvents = options.maxEvents ?? 50_000;
  const entries: TimelineEntry[] = [];
  const decisions: Record<string, number> = {};
  let actions = 0;
  let seen = 0;
  let truncated = false;
  let afterSeq = 0;
  for (;;) {
    const page = await storage.listAudit({ since: from, until: to, afterSeq, limit: 1000 });
    for (const event of page) {
      seen += 1;
      afterSeq = event.seq;
      if (event.action === 'guard.decision') {
        const decision = event.effective ?? event.decision ?? 'unknown';
        decisions[decision] = (decisions[decision] ?? 0) + 1;
        if (decision === 'allow') continue;
        entries.push({
          at: event.at,
          type: 'decision',
          actor: event.actor,
          what: `${decision} on ${event.route ?? 'unknown route'}`,
          ...(event.keyId === undefined ? {} : { subject: event.keyId }),
          details: {
            requestId: event.requestId,
            categories: [...new Set((event.findings ?? []).map((finding) => finding.category))],
          },
        });
      } else {
        actions += 1;
        const target = event.keyId ?? (event.details?.['target'] as string | undefined);
        entries.push({
          at: event.at,
          type: 'action',
          actor: event.actor,
          what: event.action,
          ...(target === undefined ? {} : { subject: String(target) }),
          ...(event.details === undefined ? {} : { details: event.details }),
        });
      }
    }
    if (page.length < 1000) break;
    if (seen >= maxEvents) {
      truncated = true;
      break;
    }
  }
  const alerts = (await storage.listAlerts({ since: from, limit: 10_000 })).filter((alert) => alert.at < to);
  for (const alert of alerts) {
    entries.push({
      at: alert.at,
      type: 'alert',
      actor: 'system',
      what: `${alert.severity} ${alert.kind}: ${alert.message}`,
      subject: alert.subject,
      details: { id: alert.id, status: alert.status, ...alert.details },
    });
  }
  entries.sort((a, b) => a.at.localeCompare(b.at));
  return {
    from,
    to,
    generatedAt: new Date().toISOString(),
    summary: { alerts: alerts.length, actions, decisions, truncated },
    entries,
  };
}

const cell = (value: string): string => value.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');

/**
 * Renders a timeline as Markdown (a summary and one table row per entry).
 *
 * @example
 * await writeFile('incident.md', formatTimelineMarkdown(timeline));
 */
export function formatTimelineMarkdown(timeline: IncidentTimeline): string {
  const decisionLine =
    Object.entries(timeline.summary.decisions)
      .map(([decision, count]) => `${decision} ${count}`)
      .join(', ') || 'none';
  const lines = [
    `# Incident timeline ${timeline.from} → ${timeline.to}`,
    '',
    `Generated ${timeline.generatedAt}.`,
    '',
    `- Alerts: ${timeline.summary.alerts}`,
    `- Admin and reviewer actions: ${timeline.summary.actions}`,
    `- Guard decisions: ${decisionLine}`,
    ...(timeline.summary.truncated ? ['- **Truncated**: narrow the window to see every event.'] : []),
    '',
    '| time (UTC) | type | actor | what | subject |',
    '|---|---|---|---|---|',
    ...timeline.entries.map(
      (entry) =>
        `| ${entry.at} | ${entry.type} | ${cell(entry.actor)} | ${cell(entry.what)} | ${cell(entry.subject ?? '')} |`,
    ),
    '',
  ];
  return lines.join('\n');
}
