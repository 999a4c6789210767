import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defaultPolicyYaml } from '@palisade/guard';
import { Command } from 'commander';
import { bootstrapAccess } from '../../auth/bootstrap-access.js';
import { openStorage } from '../../storage/open-storage.js';

interface InitOptions {
  dir: string;
  storage?: string;
  admin: string;
  force?: boolean;
  yes?: boolean;
}

/** The configuration `palisade init` writes: embedded SQLite, the default policy, no upstream yet. */
export function defaultConfigYaml(storage: string): string {
  return `# Palisade gateway configuration (written by \`palisade init\`). Reference: docs/gateway.md
listen:
  host: 127.0.0.1
  port: 8787
# Embedded default: one SQLite file. Scale out with postgres://… and REDIS_URL (see README).
storage: ${storage}
policies:
  - file: policy.yaml
# Add your model providers; API keys only as secret references (env:NAME or file:/path).
upstreams: []
#  - name: openai
#    baseUrl: https://api.openai.com/v1
#    apiKey: env:OPENAI_API_KEY
#    models: ['*']
`;
}

/** What init did, for tests and for printing. */
export interface InitResult {
  readonly wrote: readonly string[];
  readonly kept: readonly string[];
  readonly admin?: { readonly username: string; readonly password?: string };
  readonly appKey?: string;
}

/**
 * Writes the default policy and config, creates the first admin account and a first app key.
 * Idempotent: existing files are kept (unless `force`), an existing admin is not recreated.
 *
 * @example
 * const result = await runInit({ dir: '.', admin: 'admin' });
 */
export async function runInit(options: Omit<InitOptions, 'yes' | 'force'> & { force?: boolean }): Promise<InitResult> {
  const directory = resolve(options.dir);
  mkdirSync(directory, { recursive: true });
  const storageUrl = options.storage ?? `sqlite:${join(directory, 'palisade.db')}`;
  const files: [string, string][] = [
    ['policy.yaml', defaultPolicyYaml],
    ['palisade.config.yaml', defaultConfigYaml(options.storage ?? 'sqlite:./palisade.db')],
  ];
  const wrote: string[] = [];
  const kept: string[] = [];
  for (const [name, content] of files) {
    const path = join(directory, name);
    if (existsSync(path) && !options.force) kept.push(path);
    else {
      writeFileSync(path, content, { mode: 0o644 });
      wrote.push(path);
    }
  }
  const storage = await openStorage(storageUrl);
  try {
    const first = await bootstrapAccess(storage, { adminUsername: options.admin, actor: 'system:init' });
    if (!first) return { wrote, kept };
    return {
      wrote,
      kept,
      admin: { username: first.adminUsername, password: first.adminPassword },
      appKey: first.appKey,
    };
  } finally {
    await storage.close();
  }
}

/**
 * `palisade init`: default policy, config, first admin and first app key.
 *
 * @example
 * palisade init --yes
 */
export function initCommand(): Command {
  return new Command('init')
    .description('write policy.yaml and palisade.config.yaml, create the first admin account and print a first app key')
    .option('--dir <dir>', 'where to write the files and the SQLite database', '.')
    .option('--storage <url>', 'storage URL (default: sqlite:<dir>/palisade.db)')
    .option('--admin <username>', 'first admin account', 'admin')
    .option('--force', 'overwrite existing policy.yaml and palisade.config.yaml')
    .option('--yes', 'non-interactive (accepted for scripts; init never prompts)')
    .action(async (options: InitOptions) => {
      const result = await runInit(options);
      for (const path of result.wrote) process.stdout.write(`wrote ${path}\n`);
      for (const path of result.kept) process.stdout.write(`kept existing ${path}\n`);
      if (result.admin) {
        process.stdout.write(`created admin account "${result.admin.username}"\n`);
        if (result.admin.password) process.stdout.write(`  password (shown once): ${result.admin.password}\n`);
        process.stdout.write('  sign in at /ui to enrol TOTP (required for people)\n');
      } else process.stdout.write('an admin account already exists: left unchanged\n');
      if (result.appKey) process.stdout.write(`first app key (shown once): ${result.appKey}\n`);
    });
}
