import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { isEmail } from 'class-validator';
import { randomBytes } from 'node:crypto';
import { CommandError, CoreModule, loadConfig, runProcess } from '@academy/core';
import { IdentityCoreModule, PasswordResetService, UsersService } from '@academy/identity';
import { openCommandDatabase } from './command-database';

/** How long the printed link sets the password (an operator may hand it on by hand). */
const LINK_HOURS = 24;

function usage(): never {
  throw new CommandError('Usage: npm run admin:create -- you@example.org [--name "Dr Full Name"]');
}

/** The address and the optional name from `admin:create <email> [--name <name>]`. */
function parseArguments(args: string[]): { email: string; name?: string } {
  const rest = [...args];
  let name: string | undefined;
  const at = rest.indexOf('--name');
  if (at !== -1) {
    name = rest[at + 1]?.trim();
    if (!name || name.length > 200) {
      throw new CommandError('--name needs a name of 1 to 200 characters, e.g. --name "Dr Amara Okafor"');
    }
    rest.splice(at, 2);
  }
  if (rest.length !== 1) {
    usage();
  }
  const email = rest[0]!.trim().toLowerCase();
  if (email.length > 254 || !isEmail(email)) {
    throw new CommandError(
      `Not an e-mail address: "${rest[0]!.slice(0, 80)}". Give the new admin's address.`,
    );
  }
  return { email, ...(name ? { name } : {}) };
}

/**
 * `npm run admin:create -- you@example.org [--name "…"]`: the first admin of an academy (or
 * another one). Creates the account with the admin role, or gives an existing account the role
 * (enabling it if it was disabled), audited and in the ledger like any role change; prints a
 * single-use link, valid 24 hours, to set its password. The admin sets up two-factor sign-in at
 * the first sign-in. Running it again changes nothing but the link.
 */
async function main(): Promise<void> {
  const { email, name } = parseArguments(process.argv.slice(2));
  const config = loadConfig();
  const database = await openCommandDatabase(config);
  try {
    @Module({
      imports: [CoreModule.forRoot({ config, databaseUrl: database.url, http: false }), IdentityCoreModule],
    })
    class AdminCreateModule {}
    const context = await NestFactory.createApplicationContext(AdminCreateModule, {
      logger: ['error', 'warn'],
    });
    try {
      const users = context.get(UsersService);
      const existing = await users.findByEmail(email);
      let said: string;
      let userId: string;
      if (!existing) {
        const created = await users.createByAdmin({
          email,
          fullName: name ?? email.split('@')[0]!,
          // Nobody knows it: the admin sets their own with the link.
          password: randomBytes(32).toString('base64url'),
          roles: ['admin'],
        });
        userId = created.id;
        said = `Created the admin account ${email}.`;
      } else if (existing.anonymisedAt) {
        throw new CommandError(`${email} belongs to an anonymised account, which cannot be used again.`);
      } else {
        userId = existing.id;
        const wasAdmin = existing.roles.includes('admin');
        if (!wasAdmin) {
          await users.setRoles(existing.id, [...existing.roles, 'admin']);
        }
        if (existing.disabledAt) {
          await users.enable(existing.id);
        }
        said = wasAdmin
          ? `${email} is already an admin${existing.disabledAt ? ' (enabled again)' : ''}.`
          : `${email} is now an admin (it was: ${existing.roles.join(', ') || 'no role'})${existing.disabledAt ? ', enabled again' : ''}.`;
      }
      const link = await context.get(PasswordResetService).setPasswordLink(userId, LINK_HOURS * 60);
      process.stdout.write(
        [
          said,
          `Set the password with this link within ${LINK_HOURS} hours (it works once):`,
          `  ${config.publicUrl}${link}`,
          'At the first sign-in the admin sets up two-factor sign-in (an authenticator app or a passkey).',
          '',
        ].join('\n'),
      );
    } finally {
      await context.close();
    }
  } finally {
    await database.stop();
  }
}

runProcess(main);
