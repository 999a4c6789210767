import { GuardError } from '@palisade/guard';
import { Command } from 'commander';
import { createUser, generatePassword } from '../../auth/bootstrap-access.js';
import { checkPasswordPolicy, hashPassword } from '../../auth/passwords.js';
import { beginTotpEnrolment, confirmTotpEnrolment, issueRecoveryCodes } from '../../auth/totp.js';
import { isRole, type Role } from '../../rbac/roles.js';
import type { Storage, UserRecord } from '../../storage/storage.js';
import { cliActor, print, table, withStorage } from './access-storage.js';

const peopleRoles: readonly Role[] = ['admin', 'operator', 'reviewer', 'auditor'];

function collectRoles(value: string, previous: Role[] = []): Role[] {
  for (const role of value.split(',').map((item) => item.trim())) {
    if (!isRole(role) || !peopleRoles.includes(role)) {
      throw new GuardError('invalid-input', '--role: expected admin, operator, reviewer or auditor');
    }
    previous.push(role);
  }
  return previous;
}

async function requireUser(storage: Storage, username: string): Promise<UserRecord> {
  const user = await storage.getUserByName(username);
  if (user === undefined) throw new GuardError('not-found', 'no such user');
  return user;
}

/** Reads a password from the named environment variable (never from argv: shell history), or generates one. */
function passwordFrom(variable: string | undefined): { password: string; generated: boolean } {
  if (variable === undefined) return { password: generatePassword(), generated: true };
  const password = process.env[variable];
  if (password === undefined || password === '') {
    throw new GuardError('invalid-input', `environment variable ${variable} is not set`);
  }
  checkPasswordPolicy(password);
  return { password, generated: false };
}

interface CommonOptions {
  storage?: string;
  json?: boolean;
}

/**
 * `palisade users create|list|enroll-totp|confirm-totp|reset-totp|set-password|recovery-codes|disable|enable`:
 * people accounts for the UI and admin API (password + TOTP). Every change is audited.
 *
 * @example
 * palisade users create --username alice --role reviewer
 * palisade users enroll-totp alice
 */
export function usersCommand(): Command {
  const command = new Command('users').description('manage people accounts (password + TOTP)');
  const storageOption = [
    '--storage <url>',
    'storage URL (default: $PALISADE_STORAGE or sqlite:./palisade.db)',
  ] as const;

  command
    .command('create')
    .description('create an account; prints a generated password once unless --password-env is given')
    .requiredOption('--username <name>', 'sign-in name')
    .requiredOption(
      '--role <role>',
      'role (repeat or comma-separate): admin, operator, reviewer, auditor',
      collectRoles,
    )
    .option('--password-env <variable>', 'read the initial password from this environment variable')
    .option('--tenant <id>', 'tenant of the account')
    .option(...storageOption)
    .action(
      async (options: CommonOptions & { username: string; role: Role[]; passwordEnv?: string; tenant?: string }) => {
        const { password, generated } = passwordFrom(options.passwordEnv);
        await withStorage(options.storage, async (storage) => {
          const user = await createUser(storage, {
            username: options.username,
            roles: options.role,
            password,
            ...(options.tenant === undefined ? {} : { tenant: options.tenant }),
          });
          await storage.appendAudit({
            actor: cliActor(),
            action: 'user.create',
            details: { userId: user.id, username: user.username, roles: user.roles },
          });
          print(`created ${user.username} (${user.roles.join(',')})`);
          if (generated) print(`password: ${password}\nstore it now: it is shown only once.`);
          print('next: palisade users enroll-totp <username> (or enrol at first sign-in)');
        });
      },
    );

  command
    .command('list')
    .description('list accounts')
    .option('--json', 'print JSON lines')
    .option(...storageOption)
    .action(async (options: CommonOptions) => {
      await withStorage(options.storage, async (storage) => {
        const users = await storage.listUsers();
        if (options.json) {
          for (const user of users) {
            const { passwordHash: _hash, totpSecret: _secret, ...view } = user;
            print(JSON.stringify(view));
          }
          return;
        }
        const rows = users.map((user) => [
          user.username,
          user.roles.join(','),
          user.totpEnabled ? 'enrolled' : 'not enrolled',
          user.disabledAt === undefined ? 'active' : 'disabled',
          user.createdAt,
        ]);
        print(table([['USERNAME', 'ROLES', 'TOTP', 'STATUS', 'CREATED'], ...rows]));
      });
    });

  command
    .command('enroll-totp <username>')
    .description('start TOTP enrolment: prints the otpauth URI and secret for an authenticator app')
    .option(...storageOption)
    .action(async (username: string, options: CommonOptions) => {
      await withStorage(options.storage, async (storage) => {
        const { secret, uri } = await beginTotpEnrolment(storage, await requireUser(storage, username));
        await storage.appendAudit({ actor: cliActor(), action: 'user.totp.begin', details: { username } });
        print(`otpauth URI: ${uri}`);
        print(`secret: ${secret}`);
        print(`then: palisade users confirm-totp ${username} --code <6 digits>`);
      });
    });

  command
    .command('confirm-totp <username>')
    .description('finish enrolment with a current code; prints recovery codes once')
    .requiredOption('--code <digits>', 'a current code from the authenticator')
    .option(...storageOption)
    .action(async (username: string, options: CommonOptions & { code: string }) => {
      await withStorage(options.storage, async (storage) => {
        const { recoveryCodes } = await confirmTotpEnrolment(
          storage,
          await requireUser(storage, username),
          options.code,
        );
        await storage.appendAudit({ actor: cliActor(), action: 'user.totp.enrol', details: { username } });
        print('TOTP enrolled. Recovery codes (each works once; shown only now):');
        for (const code of recoveryCodes) print(`  ${code}`);
      });
    });

  command
    .command('reset-totp <username>')
    .description('remove the authenticator and recovery codes; signs the user out everywhere')
    .option(...storageOption)
    .action(async (username: string, options: CommonOptions) => {
      await withStorage(options.storage, async (storage) => {
        const user = await requireUser(storage, username);
        await storage.updateUser(user.id, { totpSecret: null, totpEnabled: false });
        await storage.setRecoveryCodes(user.id, []);
        await storage.deleteUserSessions(user.id);
        await storage.appendAudit({ actor: cliActor(), action: 'user.totp.reset', details: { username } });
        print(`TOTP reset for ${username}; they enrol again at next sign-in`);
      });
    });

  command
    .command('recovery-codes <username>')
    .description('replace the recovery codes; prints the new ones once')
    .option(...storageOption)
    .action(async (username: string, options: CommonOptions) => {
      await withStorage(options.storage, async (storage) => {
        const user = await requireUser(storage, username);
        const codes = await issueRecoveryCodes(storage, user.id);
        await storage.appendAudit({ actor: cliActor(), action: 'user.recovery-codes', details: { username } });
        for (const code of codes) print(code);
      });
    });

  command
    .command('set-password <username>')
    .description('set a new password (generated unless --password-env); unlocks and signs out everywhere')
    .option('--password-env <variable>', 'read the password from this environment variable')
    .option(...storageOption)
    .action(async (username: string, options: CommonOptions & { passwordEnv?: string }) => {
      const { password, generated } = passwordFrom(options.passwordEnv);
      await withStorage(options.storage, async (storage) => {
        const user = await requireUser(storage, username);
        await storage.updateUser(user.id, {
          passwordHash: await hashPassword(password),
          failedLogins: 0,
          lockedUntil: null,
        });
        await storage.deleteUserSessions(user.id);
        await storage.appendAudit({ actor: cliActor(), action: 'user.password.set', details: { username } });
        print(`password set for ${username}`);
        if (generated) print(`password: ${password}`);
      });
    });

  for (const [name, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    command
      .command(`${name} <username>`)
      .description(disabled ? 'disable an account and end its sessions' : 'enable a disabled account')
      .option(...storageOption)
      .action(async (username: string, options: CommonOptions) => {
        await withStorage(options.storage, async (storage) => {
          const user = await requireUser(storage, username);
          await storage.updateUser(user.id, { disabledAt: disabled ? new Date().toISOString() : null });
          if (disabled) await storage.deleteUserSessions(user.id);
          await storage.appendAudit({ actor: cliActor(), action: `user.${name}`, details: { username } });
          print(`${name}d ${username}`);
        });
      });
  }

  return command;
}
