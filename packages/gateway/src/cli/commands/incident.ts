import { writeFile } from 'node:fs/promises';
import { GuardError } from '@palisade/guard';
import { Command } from 'commander';
import { createKillSwitch, type KillSwitchScope } from '../../incident/create-kill-switch.js';
import { buildIncidentTimeline, formatTimelineMarkdown } from '../../incident/incident-timeline.js';
import { quarantineKey, releaseKey } from '../../incident/key-quarantine.js';
import { cliActor, print, table, withStorage } from './access-storage.js';
import { parseSince } from './audit.js';

const storageOption = ['--storage <url>', 'storage URL (default: $PALISADE_STORAGE or sqlite:./palisade.db)'] as const;
const scopes: readonly KillSwitchScope[] = ['global', 'key', 'route', 'upstream'];

function scopeOf(value: string): KillSwitchScope {
  if (!scopes.includes(value as KillSwitchScope)) {
    throw new GuardError('invalid-input', `--scope: expected ${scopes.join(', ')}`);
  }
  return value as KillSwitchScope;
}

/**
 * `palisade incident`: timeline export (JSON or Markdown), kill switches shared by every gateway
 * instance, key quarantine and release. Every change is audited as `cli:<user>`.
 *
 * @example
 * palisade incident kill-switch set --scope global --reason "incident 42"
 * palisade incident export --from 2h --format md --out incident.md
 */
export function incidentCommand(): Command {
  const command = new Command('incident').description('incident response: kill switches, quarantine, timeline');

  command
    .command('export')
    .description('the timeline of a window: alerts, admin and reviewer actions, guard decisions other than allow')
    .requiredOption('--from <when>', 'start: ISO date/time or a duration back from now (2h)')
    .option('--to <when>', 'end (default: now): ISO date/time or a duration back from now')
    .option('--format <format>', 'json or md', 'md')
    .option('--out <path>', 'write to a file instead of stdout')
    .option(...storageOption)
    .action(async (options: { from: string; to?: string; format: string; out?: string; storage?: string }) => {
      if (options.format !== 'json' && options.format !== 'md') {
        throw new GuardError('invalid-input', '--format: expected json or md');
      }
      const from = parseSince(options.from);
      const to = options.to === undefined ? new Date().toISOString() : parseSince(options.to);
      await withStorage(options.storage, async (storage) => {
        const timeline = await buildIncidentTimeline(storage, { from, to });
        await storage.appendAudit({ actor: cliActor(), action: 'incident.export', details: { from, to } });
        const text =
          options.format === 'json' ? `${JSON.stringify(timeline, null, 2)}\n` : formatTimelineMarkdown(timeline);
        if (options.out === undefined) process.stdout.write(text);
        else {
          await writeFile(options.out, text, 'utf8');
          print(`wrote ${timeline.entries.length} timeline entries to ${options.out}`);
        }
      });
    });

  const killSwitch = command
    .command('kill-switch')
    .description('block traffic (or route it to a fallback model) at once on every instance');
  killSwitch
    .command('set')
    .description('set a kill switch')
    .requiredOption('--scope <scope>', 'global, key, route or upstream')
    .option('--target <target>', 'key id, route path (/v1/chat/completions) or upstream name')
    .option('--mode <mode>', 'block or fallback', 'block')
    .option('--fallback-model <model>', 'the model fallback mode sends requests to')
    .requiredOption('--reason <text>', 'why (audited, shown in the UI and timeline)')
    .option(...storageOption)
    .action(
      async (options: {
        scope: string;
        target?: string;
        mode: string;
        fallbackModel?: string;
        reason: string;
        storage?: string;
      }) => {
        const scope = scopeOf(options.scope);
        if (options.mode !== 'block' && options.mode !== 'fallback') {
          throw new GuardError('invalid-input', '--mode: expected block or fallback');
        }
        await withStorage(options.storage, async (storage) => {
          const entry = await createKillSwitch({ storage }).set({
            scope,
            mode: options.mode as 'block' | 'fallback',
            reason: options.reason,
            setBy: cliActor(),
            ...(options.target === undefined ? {} : { target: options.target }),
            ...(options.fallbackModel === undefined ? {} : { fallbackModel: options.fallbackModel }),
          });
          await storage.appendAudit({
            actor: cliActor(),
            action: 'kill-switch.set',
            details: {
              scope,
              mode: entry.mode,
              reason: entry.reason,
              ...(entry.target === undefined ? {} : { target: entry.target }),
            },
          });
          print(`kill switch set: ${scope}${entry.target === undefined ? '' : ` ${entry.target}`} → ${entry.mode}`);
        });
      },
    );
  killSwitch
    .command('clear')
    .description('clear a kill switch')
    .requiredOption('--scope <scope>', 'global, key, route or upstream')
    .option('--target <target>', 'key id, route path or upstream name')
    .option(...storageOption)
    .action(async (options: { scope: string; target?: string; storage?: string }) => {
      const scope = scopeOf(options.scope);
      await withStorage(options.storage, async (storage) => {
        const removed = await createKillSwitch({ storage }).clear(scope, options.target);
        if (!removed) {
          print('no such kill switch');
          process.exitCode = 1;
          return;
        }
        await storage.appendAudit({
          actor: cliActor(),
          action: 'kill-switch.clear',
          details: { scope, ...(options.target === undefined ? {} : { target: options.target }) },
        });
        print(`kill switch cleared: ${scope}${options.target === undefined ? '' : ` ${options.target}`}`);
      });
    });
  killSwitch
    .command('list')
    .description('list active kill switches')
    .option('--json', 'print JSON')
    .option(...storageOption)
    .action(async (options: { json?: boolean; storage?: string }) => {
      await withStorage(options.storage, async (storage) => {
        const entries = await createKillSwitch({ storage }).list();
        if (options.json === true) return print(JSON.stringify(entries));
        if (entries.length === 0) return print('no kill switch is active');
        print(
          table([
            ['scope', 'target', 'mode', 'reason', 'set by', 'at'],
            ...entries.map((entry) => [
              entry.scope,
              entry.target ?? '*',
              entry.mode === 'fallback' ? `fallback → ${entry.fallbackModel ?? ''}` : 'block',
              entry.reason,
              entry.setBy,
              entry.setAt,
            ]),
          ]),
        );
      });
    });

  command
    .command('quarantine <key>')
    .description('quarantine an API key (403 key-quarantined on every instance)')
    .requiredOption('--reason <text>', 'why (audited)')
    .option(...storageOption)
    .action(async (key: string, options: { reason: string; storage?: string }) => {
      await withStorage(options.storage, async (storage) => {
        await quarantineKey(storage, key, { reason: options.reason, actor: cliActor() });
        print(`key ${key} quarantined`);
      });
    });
  command
    .command('release <key>')
    .description('release a quarantined API key')
    .option('--note <text>', 'audited note')
    .option(...storageOption)
    .action(async (key: string, options: { note?: string; storage?: string }) => {
      await withStorage(options.storage, async (storage) => {
        await releaseKey(storage, key, {
          actor: cliActor(),
          ...(options.note === undefined ? {} : { note: options.note }),
        });
        print(`key ${key} released`);
      });
    });
  return command;
}
